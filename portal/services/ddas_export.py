"""The DDAS v1.2 report to CBS for one municipality and one period (`flask export-ddas`): rows from the database,
the document from portal/rules/ddas.py. The export is audit-logged with its counts, never its content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.models import AuditEntry, Municipality, Vroegsignaal, Vroegsignaalzaak
from portal.rules import ddas


class ExportError(ValueError):
    """The municipality is unknown, has no gemeentecode, or its rows cannot make a valid delivery."""


@dataclass(frozen=True)
class Export:
    document: dict
    municipality: str
    gemeentecode: str
    signals: int
    cases: int
    contact_attempts: int

    def summary(self, start: date, end: date) -> str:
        """What the file holds, in plain words, for whoever runs the command."""
        return (f"DDAS {ddas.SCHEMA_VERSION} for {self.municipality} (gemeentecode {self.gemeentecode}), "
                f"{start.isoformat()} to {end.isoformat()}: {self.signals} signals (their date in the period, and "
                f"the earlier signals of the same households), {self.cases} early-warning cases with their result "
                f"and {self.contact_attempts} contact attempts. Each signal names its household by BSN, or by "
                f"postcode and house number: no names, phone numbers or creditors. Keep the file safe, send it "
                f"only to CBS, and delete it afterwards.")


def _signal_row(signal: Vroegsignaal) -> ddas.SignalRow:
    return ddas.SignalRow(external_id=signal.external_id, crisis=signal.crisis, warm_handover=signal.warm_handover,
                          amount_euros=signal.amount_euros, arose_on=signal.arose_on,
                          signalled_on=signal.signalled_on, status=signal.status, partner_type=signal.partner_type,
                          bsn=signal.bsn, postcode=signal.postcode, huisnummer=signal.huisnummer,
                          toevoeging=signal.toevoeging)


def _case_row(zaak: Vroegsignaalzaak) -> ddas.CaseRow:
    return ddas.CaseRow(result=zaak.result, matched_on=zaak.matched_on, matching_start=zaak.matching_start,
                        matching_end=zaak.matching_end, picked_up_on=zaak.picked_up_on,
                        signal_ids=[s.external_id for s in zaak.signals],
                        contacts=[ddas.ContactRow(soort=c.soort, bereikt=c.bereikt, datum=c.datum, dagdeel=c.dagdeel)
                                  for c in zaak.contactpogingen])


def export(session: Session, slug: str, *, start: date, end: date, now: datetime | None = None,
           supplier_code: str = ddas.DEFAULT_SUPPLIER_CODE) -> Export:
    municipality = session.scalars(select(Municipality).where(Municipality.slug == slug)).first()
    if municipality is None:
        raise ExportError(f"No municipality '{slug}'.")
    if not municipality.gemeentecode:
        raise ExportError(f"Municipality '{slug}' has no gemeentecode: add CBS's four-digit code to its municipality "
                          f"file (gemeentecode = \"0014\") and load it again.")
    zaak_ids = select(Vroegsignaal.zaak_id).where(Vroegsignaal.municipality_id == municipality.id,
                                                  Vroegsignaal.signalled_on >= start, Vroegsignaal.signalled_on <= end)
    zaken = list(session.scalars(
        select(Vroegsignaalzaak).where(Vroegsignaalzaak.municipality_id == municipality.id,
                                       Vroegsignaalzaak.id.in_(zaak_ids))
        .options(selectinload(Vroegsignaalzaak.signals), selectinload(Vroegsignaalzaak.contactpogingen))
        .order_by(Vroegsignaalzaak.id)))
    signals = [signal for zaak in zaken for signal in zaak.signals]
    delivery = ddas.Delivery(gemeentecode=municipality.gemeentecode, organisation=f"Gemeente {municipality.name}",
                             signals=[_signal_row(s) for s in signals], cases=[_case_row(z) for z in zaken])
    try:
        document = ddas.uitwisselmodel([delivery], start=start, end=end, delivered_at=now or utcnow(),
                                       supplier_code=supplier_code)
    except ddas.DdasError as exc:
        raise ExportError(str(exc)) from exc
    result = Export(document=document, municipality=municipality.name, gemeentecode=municipality.gemeentecode,
                    signals=len(signals), cases=len(zaken),
                    contact_attempts=sum(len(z.contactpogingen) for z in zaken))
    with transaction(session):  # no staff member runs a command: the entry names none
        session.add(AuditEntry(staff_id=None, municipality_id=municipality.id, action="export_ddas",
                               detail=f"period {start.isoformat()}..{end.isoformat()}; signals: {result.signals}; "
                                      f"cases: {result.cases}; contact attempts: {result.contact_attempts}"))
    return result
