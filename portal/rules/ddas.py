"""The report to CBS: VNG's DDAS v1.2 exchange model (`Uitwisselmodel`) built from plain rows. No database, no Flask.

The schema is vendored in docs/standards/ddas-v1.2/ (tests validate every export against it). What a delivery holds
for one municipality and one period (services/ddas_export.py picks the rows):
- vroegsignalen: every signal with its signal date in the period, and the earlier signals of the same cases, so
  every id a case names is in the file. The client is the BSN alone when we have it, else postcode + huisnummer
  (+ toevoeging): never a name, a birth date, a street, a phone number or an amount's creditor.
- vroegsignaalzaken: every case that holds one of those signals, with its result (when closed), the matching dates,
  the day it was picked up, its signals' ids and its contact attempts (kind, reached, date, part of the day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

SCHEMA_VERSION = "1.2"
# Who delivers the data (DDAS codeGegevensleverancier): this portal, unless the CLI is told another code.
DEFAULT_SUPPLIER_CODE = "HULP-BIJ-GELDZORGEN"
GEMEENTECODE = re.compile(r"[0-9]{4}")
_POSTCODE = re.compile(r"([1-9][0-9]{3})\s*([A-Za-z]{2})")


class DdasError(ValueError):
    """The rows cannot make a valid delivery (a signal without a BSN or an address, a municipality without a code)."""


@dataclass(frozen=True)
class SignalRow:
    external_id: str
    crisis: bool
    warm_handover: bool
    amount_euros: int
    arose_on: date | None
    signalled_on: date
    status: str  # EnumSignaalstatus
    partner_type: str  # EnumSignaalpartner
    bsn: str | None
    postcode: str | None
    huisnummer: str | None
    toevoeging: str | None


@dataclass(frozen=True)
class ContactRow:
    soort: str  # EnumContactsoort
    bereikt: bool
    datum: date
    dagdeel: str | None  # EnumDagdeel


@dataclass(frozen=True)
class CaseRow:
    result: str | None  # EnumEindresultaat; None while open
    matched_on: date
    matching_start: date
    matching_end: date
    picked_up_on: date | None
    signal_ids: list[str]
    contacts: list[ContactRow] = field(default_factory=list)


@dataclass(frozen=True)
class Delivery:
    """One municipality's part (DDAS levering)."""

    gemeentecode: str
    organisation: str  # aanleverendeOrganisatie.naam: "Gemeente Groningen"
    signals: list[SignalRow]
    cases: list[CaseRow]


def client(row: SignalRow) -> dict:
    """DDAS allows the BSN alone, or postcode + huisnummer (+ toevoeging) without a BSN: nothing more."""
    if row.bsn and row.bsn.strip():
        return {"burgerservicenummer": row.bsn.strip().zfill(9)}
    if row.postcode and row.huisnummer:
        match = _POSTCODE.fullmatch(row.postcode.strip())
        if match is None:
            raise DdasError(f"signal {row.external_id}: postcode {row.postcode!r} is not like 1234 AB")
        result = {"postcode": f"{match.group(1)}{match.group(2).upper()}", "huisnummer": row.huisnummer.strip()}
        if row.toevoeging and row.toevoeging.strip():
            result["huisnummertoevoeging"] = row.toevoeging.strip()
        return result
    raise DdasError(f"signal {row.external_id}: neither a BSN nor a postcode with a house number")


def signal(row: SignalRow) -> dict:
    result = {"ID": row.external_id, "crisissignaal": row.crisis, "warmeOverdracht": row.warm_handover,
              "bedrag": int(row.amount_euros), "signaaldatum": row.signalled_on.isoformat(), "status": row.status,
              "signaalpartner": {"type": row.partner_type}, "client": client(row)}
    if row.arose_on is not None:
        result["ontstaansdatum"] = row.arose_on.isoformat()
    return result


def contact(row: ContactRow) -> dict:
    result = {"soort": row.soort, "bereikt": row.bereikt, "datum": row.datum.isoformat()}
    if row.dagdeel:
        result["dagdeel"] = row.dagdeel
    return result


def case(row: CaseRow) -> dict:
    result = {"matchingsdatum": row.matched_on.isoformat(),
              "startdatumMatchingperiode": row.matching_start.isoformat(),
              "einddatumMatchingperiode": row.matching_end.isoformat(),
              "vroegsignalen": [{"ID": signal_id} for signal_id in dict.fromkeys(row.signal_ids)],
              "contactpogingen": [contact(c) for c in row.contacts]}
    if row.result:
        result["resultaat"] = row.result
    if row.picked_up_on is not None:
        result["datumOpgepakt"] = row.picked_up_on.isoformat()
    return result


def uitwisselmodel(deliveries: list[Delivery], *, start: date, end: date, delivered_at: datetime,
                   supplier_code: str = DEFAULT_SUPPLIER_CODE) -> dict:
    """The whole document, ready for json.dumps. Raises DdasError on rows DDAS cannot express."""
    if end < start:
        raise DdasError("the period ends before it starts")
    leveringen = []
    for number, delivery in enumerate(deliveries, start=1):
        if not GEMEENTECODE.fullmatch(delivery.gemeentecode or ""):
            raise DdasError(f"{delivery.organisation}: no four-digit gemeentecode")
        leveringen.append({
            "teller": number,
            "gemeentecode": delivery.gemeentecode,
            "aanleverendeOrganisatie": {"naam": delivery.organisation},
            "vroegsignalen": [signal(row) for row in delivery.signals],
            "vroegsignaalzaken": [case(row) for row in delivery.cases if row.signal_ids],
        })
    document = {"codeGegevensleverancier": supplier_code, "startdatumLevering": start.isoformat(),
                "einddatumLevering": end.isoformat(),
                "aanleverdatumEnTijd": delivered_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if leveringen:
        document["leveringen"] = leveringen
    return document
