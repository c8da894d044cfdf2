"""Outreach invitations for early-warning households whose approach is a letter and an sms (Approach.LETTER_SMS).

A coordinator presses one button (/werkplek/vroegsignalen/uitnodigen). Every open case of the municipality with that
approach and no invitation yet gets, in one transaction per batch:
- a letter in the outbox (channel letter, kind outreach, the case's id, no Aanmelding) to the newest signal's address:
  it appears on /werkplek/brieven and prints with the day's letters, with the QR code and the /b/<token> link;
- an sms through the worker when a signal gave a valid phone number: discreet, it names neither the municipality nor
  debts, only that a letter with an offer of help is coming and the number to call;
- a DDAS contact attempt of each kind (Brief, SMS/Whatsapp; not reached), so the CBS report and the monitoring see them;
- invited_at. The case is claimed by a conditional update first, so a double press, or two coordinators at once,
  invite a household once; the dedupe keys ("outreach-letter:<id>") hold the same line in the outbox.

The texts are plain Dutch (B1): no amount, no creditor, not even the kind of arrear (docs/early-warning.md says why).
The resident's language is not known from a signal, so they are in Dutch; the page behind the link offers the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.domain.early_warning import Approach, Contactsoort
from portal.domain.messages import MessageChannel, MessageKind
from portal.models import Contactpoging, Municipality, StaffMember, Vroegsignaal, Vroegsignaalzaak
from portal.rules.deadlines import local_date
from portal.rules.phone import mobile_e164
from portal.services import audit, outbox

BATCH = 200  # cases per transaction: a large municipality's week stays a handful of short transactions
LANGUAGE = "nl"


@dataclass(frozen=True)
class Invited:
    households: int = 0
    letters: int = 0
    sms: int = 0
    without_address: int = 0  # no usable address in any signal: left for the queue (a call or a visit)


def letter_text(municipality: Municipality) -> tuple[str, str]:
    """(subject, body): one paragraph a line. No amount, no creditor, no kind of arrear."""
    with force_locale(LANGUAGE):
        subject = _("Hulp bij geldzaken, als u dat wilt")
        body = "\n".join([
            _("Soms lukt het niet om alle rekeningen op tijd te betalen. Dat kan iedereen overkomen."),
            _("Een bedrijf waar u een rekening aan betaalt, heeft ons laten weten dat een betaling niet gelukt is. "
              "Dat mag volgens de wet. Wij willen u daarom hulp aanbieden."),
            _("De hulp is gratis. Wij kijken samen met u naar uw geldzaken. U hoeft niets mee te nemen."),
            _("Wilt u geen hulp? Dan hoeft u niets te doen."),
            _("Wilt u wel hulp, of hebt u een vraag? Bel ons op %(phone)s.", phone=municipality.phone),
        ])
    return subject, body


def sms_text(municipality: Municipality) -> str:
    """Discreet: a shared phone learns nothing of debts or of who writes, only the number to call."""
    with force_locale(LANGUAGE):
        return " ".join([_("U krijgt binnenkort een brief van ons met een aanbod voor hulp."),
                         _("Wilt u liever meteen praten? Bel %(phone)s.", phone=municipality.phone)])


def _address(signal: Vroegsignaal) -> str | None:
    """Name, street with number, postcode and place, one a line; None without street, postcode and number."""
    if not (signal.street and signal.postcode and signal.huisnummer):
        return None
    number = f"{signal.huisnummer}{('-' + signal.toevoeging) if signal.toevoeging else ''}"
    lines = [signal.name or _bewoner(), f"{signal.street} {number}",
             f"{signal.postcode} {signal.city or ''}".strip()]
    return "\n".join(line for line in lines if line)


def _bewoner() -> str:
    with force_locale(LANGUAGE):
        return _("De bewoner")


def _newest(signals: list[Vroegsignaal], pick) -> str | None:
    for signal in sorted(signals, key=lambda s: (s.signalled_on, s.id), reverse=True):
        value = pick(signal)
        if value:
            return value
    return None


def _claim(session: Session, zaak_id: int, now: datetime) -> bool:
    """Set invited_at unless someone else did a moment ago (PostgreSQL waits on the row lock, SQLite on its lock)."""
    return session.execute(update(Vroegsignaalzaak)
                           .where(Vroegsignaalzaak.id == zaak_id, Vroegsignaalzaak.invited_at.is_(None),
                                  Vroegsignaalzaak.result.is_(None))
                           .values(invited_at=now).execution_options(synchronize_session=False)).rowcount == 1


def _waiting_ids(session: Session, municipality_id: int, after: int) -> list[int]:
    return list(session.scalars(
        select(Vroegsignaalzaak.id).where(Vroegsignaalzaak.municipality_id == municipality_id,
                                          Vroegsignaalzaak.approach == Approach.LETTER_SMS,
                                          Vroegsignaalzaak.result.is_(None), Vroegsignaalzaak.invited_at.is_(None),
                                          Vroegsignaalzaak.id > after)
        .order_by(Vroegsignaalzaak.id).limit(BATCH)))


def waiting_count(session: Session, member: StaffMember) -> int:
    """How many households the button would invite now (the page says it before the press)."""
    return len(session.scalars(select(Vroegsignaalzaak.id).where(
        Vroegsignaalzaak.municipality_id == member.municipality_id, Vroegsignaalzaak.approach == Approach.LETTER_SMS,
        Vroegsignaalzaak.result.is_(None), Vroegsignaalzaak.invited_at.is_(None))).all())


def invite(session: Session, member: StaffMember, *, now: datetime | None = None) -> Invited:
    """Invite every waiting household of the member's municipality; audit-logged with the counts only."""
    now = now or utcnow()
    municipality = member.municipality
    subject, body = letter_text(municipality)
    sms = sms_text(municipality) if outbox.can_send(MessageChannel.SMS) else None
    today = local_date(now)
    households = letters = sent_sms = without_address = 0
    after = 0
    while ids := _waiting_ids(session, municipality.id, after):
        after = ids[-1]
        zaken = session.scalars(select(Vroegsignaalzaak).where(Vroegsignaalzaak.id.in_(ids))
                                .options(selectinload(Vroegsignaalzaak.signals))).all()
        with transaction(session):
            for zaak in zaken:
                address = _newest(zaak.signals, _address)
                if address is None:
                    without_address += 1
                    continue
                if not _claim(session, zaak.id, now):
                    continue
                households += 1
                outbox.enqueue(session, kind=MessageKind.OUTREACH, channel=MessageChannel.LETTER, to=address,
                               subject=subject, body=body, language=LANGUAGE,
                               dedupe_key=f"outreach-letter:{zaak.id}").vroegsignaalzaak_id = zaak.id
                session.add(Contactpoging(zaak_id=zaak.id, staff_id=member.id, soort=Contactsoort.BRIEF,
                                          bereikt=False, datum=today))
                letters += 1
                phone = _newest(zaak.signals, lambda s: mobile_e164(s.phone))
                if sms and phone:
                    outbox.enqueue(session, kind=MessageKind.OUTREACH, channel=MessageChannel.SMS, to=phone,
                                   body=sms, language=LANGUAGE,
                                   dedupe_key=f"outreach-sms:{zaak.id}").vroegsignaalzaak_id = zaak.id
                    session.add(Contactpoging(zaak_id=zaak.id, staff_id=member.id, soort=Contactsoort.SMS_WHATSAPP,
                                              bereikt=False, datum=today))
                    sent_sms += 1
        session.expire_all()
    result = Invited(households, letters, sent_sms, without_address)
    audit.record(session, member, "early_warning_invited",
                 detail=f"households: {households}; letters: {letters}; sms: {sent_sms}; "
                        f"without address: {without_address}")
    return result
