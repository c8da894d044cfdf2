"""The early-warning queue and the work on one household's case (Vroegsignaalzaak): claiming, contact attempts with
the DDAS kinds, closing with a DDAS end result, and "help accepted" turned into a sign-up in the coordinator's queue.
Every function is scoped to the staff member's municipality and written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, case, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.domain.early_warning import EARLY_WARNING_SOURCE, HELP_ACCEPTED, Approach, Signaalstatus
from portal.models import Aanmelding, Contactpoging, Municipality, StaffMember, Vroegsignaal, Vroegsignaalzaak
from portal.rules.deadlines import local_date
from portal.rules.early_warning_casework import (
    channels_for,
    closing_problem,
    crisis_kinds_for,
    is_overdue,
    signal_status_on_close,
    topics_for,
)
from portal.services import audit
from portal.services.signup import new_aanmelding

PAGE_SIZE = 25
# The approaches that send someone to the door: the outreach worker's home-visit list.
VISIT_APPROACHES = (Approach.CALL_VISIT.value, Approach.CRISIS.value)


class ZaakNotFound(LookupError):
    """Not in this staff member's municipality (or not there at all): answered as 404, so nothing leaks."""


class ZaakClosed(Exception):
    """The case was closed already: nothing more is logged on it."""


class ClosingRefused(ValueError):
    """The end result does not fit the case yet (rules/early_warning_casework.closing_problem); `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class QueueFilter:
    approach: str = ""
    partner_type: str = ""
    assigned: str = ""  # "" / me / none
    crisis: bool = False
    overdue: bool = False
    page: int = 1

    def described(self) -> str:
        parts = [f"{name}={value}" for name, value in (("approach", self.approach), ("partner", self.partner_type),
                                                        ("assigned", self.assigned)) if value]
        return " ".join(parts + [name for name in ("crisis", "overdue") if getattr(self, name)])


@dataclass(frozen=True)
class Household:
    """What a list shows of a household: the first word of the name and the postcode's digits (no more than needed to
    tell two rows apart), from the newest signal."""

    name_word: str
    postcode_digits: str


@dataclass(frozen=True)
class QueueRow:
    zaak: Vroegsignaalzaak
    household: Household
    partner_types: list[str]
    total_euros: int
    overdue: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class QueueCounts:
    """Of all open early-warning cases of the municipality, whatever the filters."""

    open: int
    crisis: int
    overdue: int


@dataclass(frozen=True)
class Contact:
    """Contact details from the newest signal that has each (the reporters deliver what they know)."""

    name: str | None = None
    street: str | None = None
    huisnummer: str | None = None
    toevoeging: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    birth_date: str | None = None

    @property
    def address(self) -> str | None:
        """"Dorpsstraat 12 A, 2651 AB Berkel" as far as known."""
        number = " ".join(part for part in (self.huisnummer, self.toevoeging) if part)
        street = " ".join(part for part in (self.street, number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, place) if part) or None


@dataclass(frozen=True)
class HouseholdView:
    zaak: Vroegsignaalzaak
    contact: Contact
    total_euros: int
    overdue: bool


@dataclass(frozen=True)
class Closed:
    zaak: Vroegsignaalzaak
    aanmelding: Aanmelding | None
    already: bool = False  # closed before this request (a double submit): nothing changed


@dataclass(frozen=True)
class Visit:
    zaak: Vroegsignaalzaak
    contact: Contact
    partner_types: list[str] = field(default_factory=list)
    total_euros: int = 0


def _open(member: StaffMember):
    return [Vroegsignaalzaak.municipality_id == member.municipality_id, Vroegsignaalzaak.result.is_(None)]


def _overdue(today: date):
    return and_(Vroegsignaalzaak.picked_up_on.is_(None), Vroegsignaalzaak.due_on < today)


def _queue_select(member: StaffMember, filters: QueueFilter, today: date) -> Select:
    """Crisis first, then overdue (nobody reached yet and the day passed), then the day of first contact."""
    stmt = select(Vroegsignaalzaak.id).where(*_open(member))
    if filters.approach:
        stmt = stmt.where(Vroegsignaalzaak.approach == filters.approach)
    if filters.partner_type:
        stmt = stmt.where(exists().where(Vroegsignaal.zaak_id == Vroegsignaalzaak.id,
                                         Vroegsignaal.partner_type == filters.partner_type))
    if filters.assigned == "me":
        stmt = stmt.where(Vroegsignaalzaak.assigned_to_id == member.id)
    elif filters.assigned == "none":
        stmt = stmt.where(Vroegsignaalzaak.assigned_to_id.is_(None))
    if filters.crisis:
        stmt = stmt.where(Vroegsignaalzaak.crisis.is_(True))
    if filters.overdue:
        stmt = stmt.where(_overdue(today))
    overdue = case((_overdue(today), 1), else_=0)
    return stmt.order_by(Vroegsignaalzaak.crisis.desc(), overdue.desc(), Vroegsignaalzaak.due_on, Vroegsignaalzaak.id)


def _newest_first(signals: list[Vroegsignaal]) -> list[Vroegsignaal]:
    return sorted(signals, key=lambda s: (s.signalled_on, s.id), reverse=True)


def household_of(signals: list[Vroegsignaal]) -> Household:
    newest = _newest_first(signals)
    name = next((s.name for s in newest if s.name), "") or ""
    postcode = next((s.postcode for s in newest if s.postcode), "") or ""
    words = name.replace(",", " ").split()
    return Household(name_word=words[0] if words else "", postcode_digits="".join(c for c in postcode if c.isdigit()))


def contact_of(signals: list[Vroegsignaal]) -> Contact:
    newest = _newest_first(signals)
    address_from = next((s for s in newest if s.street or s.postcode), None)

    def first(name: str) -> str | None:
        return next((getattr(s, name) for s in newest if getattr(s, name)), None)

    address = {name: getattr(address_from, name) for name in ("street", "huisnummer", "toevoeging", "postcode",
                                                              "city")} if address_from else {}
    return Contact(name=first("name"), phone=first("phone"), email=first("email"), birth_date=first("birth_date"),
                   **address)


def queue(session: Session, member: StaffMember, filters: QueueFilter, *, today: date | None = None) -> QueuePage:
    today = today or local_date(utcnow())
    stmt = _queue_select(member, filters, today)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    # The page's ids first (narrow rows through the queue index), then only their rows and signals.
    ids = list(session.scalars(stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    loaded = {zaak.id: zaak for zaak in session.scalars(
        select(Vroegsignaalzaak).where(Vroegsignaalzaak.id.in_(ids))
        .options(selectinload(Vroegsignaalzaak.signals), selectinload(Vroegsignaalzaak.assigned_to)))}
    rows = []
    for zaak_id in ids:
        zaak = loaded[zaak_id]
        rows.append(QueueRow(zaak=zaak, household=household_of(zaak.signals),
                             partner_types=sorted({s.partner_type for s in zaak.signals}),
                             total_euros=sum(s.amount_euros for s in zaak.signals),
                             overdue=is_overdue(due_on=zaak.due_on, picked_up_on=zaak.picked_up_on, today=today)))
    return QueuePage(rows=rows, total=total, page=page, pages=pages)


def open_counts(session: Session, member: StaffMember, *, today: date | None = None) -> QueueCounts:
    today = today or local_date(utcnow())
    row = session.execute(
        select(func.count(),
               func.coalesce(func.sum(case((Vroegsignaalzaak.crisis.is_(True), 1), else_=0)), 0),
               func.coalesce(func.sum(case((_overdue(today), 1), else_=0)), 0))
        .where(*_open(member))
    ).one()
    return QueueCounts(open=int(row[0]), crisis=int(row[1]), overdue=int(row[2]))


def _load(session: Session, member: StaffMember, zaak_id: int) -> Vroegsignaalzaak:
    zaak = session.get(Vroegsignaalzaak, zaak_id)
    if zaak is None or zaak.municipality_id != member.municipality_id:
        raise ZaakNotFound(zaak_id)
    return zaak


def _audit(session: Session, member: StaffMember, action: str, zaak: Vroegsignaalzaak, detail: str = "") -> None:
    """The audit log names the early-warning case in its detail (an audit entry's case column is for sign-ups)."""
    audit.record(session, member, action, aanmelding_id=zaak.aanmelding_id,
                 detail=" ".join(part for part in (f"vroegsignaalzaak:{zaak.id}", detail) if part))


def open_zaak(session: Session, member: StaffMember, zaak_id: int, *, today: date | None = None) -> HouseholdView:
    """Every look at a household is written to the audit log."""
    zaak = _load(session, member, zaak_id)
    _audit(session, member, "view_early_warning", zaak)
    today = today or local_date(utcnow())
    return HouseholdView(zaak=zaak, contact=contact_of(zaak.signals),
                         total_euros=sum(s.amount_euros for s in zaak.signals),
                         overdue=is_overdue(due_on=zaak.due_on, picked_up_on=zaak.picked_up_on, today=today))


def claim(session: Session, member: StaffMember, zaak_id: int) -> tuple[bool, StaffMember | None]:
    """One statement decides: of two coordinators claiming at once, exactly one gets the household."""
    _load(session, member, zaak_id)
    with transaction(session):
        won = session.execute(
            update(Vroegsignaalzaak)
            .where(Vroegsignaalzaak.id == zaak_id, Vroegsignaalzaak.assigned_to_id.is_(None))
            .values(assigned_to_id=member.id)
        ).rowcount == 1
    session.expire_all()
    zaak = session.get(Vroegsignaalzaak, zaak_id)
    _audit(session, member, "claim_early_warning" if won else "claim_early_warning_lost", zaak)
    return won, zaak.assigned_to


def log_attempt(session: Session, member: StaffMember, zaak_id: int, *, soort: str, bereikt: bool, datum: date,
                dagdeel: str | None, note: str | None) -> Contactpoging:
    """A DDAS Contactpoging. The first one that reached the household sets the case's datumOpgepakt to its day and
    the signals not picked up yet to "Opgepakt". Raises ZaakClosed on a closed case (nothing is logged then)."""
    zaak = _load(session, member, zaak_id)
    if zaak.result is not None:
        raise ZaakClosed(zaak_id)
    with transaction(session):
        attempt = Contactpoging(zaak_id=zaak.id, staff_id=member.id, soort=soort, bereikt=bereikt, datum=datum,
                                dagdeel=dagdeel or None, note=(note or "").strip() or None)
        session.add(attempt)
        if bereikt and (zaak.picked_up_on is None or datum < zaak.picked_up_on):
            zaak.picked_up_on = datum
            for signal in zaak.signals:
                if signal.status == Signaalstatus.NOG_NIET_OPGEPAKT:
                    signal.status = Signaalstatus.OPGEPAKT.value
    _audit(session, member, "log_early_warning_attempt", zaak, f"{soort}:{'reached' if bereikt else 'missed'}")
    return attempt


def _signup_fields(zaak: Vroegsignaalzaak) -> dict:
    """The sign-up's fields from the signals, so nobody types them again."""
    contact = contact_of(zaak.signals)
    kinds = [s.partner_type for s in zaak.signals]
    return {
        "call_name": contact.name or "",
        "phone": contact.phone, "email": contact.email, "postal_address": contact.address,
        "channels": channels_for(phone=contact.phone, email=contact.email, address=contact.address),
        "topics": topics_for(kinds),
        "crisis": zaak.crisis,
        "crisis_kinds": crisis_kinds_for([s.partner_type for s in zaak.signals if s.crisis]),
        "source": EARLY_WARNING_SOURCE,
    }


def close(session: Session, member: StaffMember, zaak_id: int, *, result: str,
          now: datetime | None = None) -> Closed:
    """Closes with a DDAS end result. A result in HELP_ACCEPTED makes a sign-up in the coordinator's queue in the same
    transaction, linked both ways. Idempotent: of a double submit (or two coordinators at once) one closes, the other
    gets the case as it was closed. Raises ClosingRefused when the result does not fit yet (nothing changes)."""
    zaak = _load(session, member, zaak_id)
    if zaak.result is not None:
        return Closed(zaak=zaak, aanmelding=zaak.aanmelding, already=True)
    problem = closing_problem(result, picked_up_on=zaak.picked_up_on)
    if problem is not None:
        raise ClosingRefused(problem)
    now = now or utcnow()
    try:
        with transaction(session):
            # The conditional UPDATE takes the row: a second close waits for this one and then finds it closed.
            if session.execute(update(Vroegsignaalzaak)
                               .where(Vroegsignaalzaak.id == zaak_id, Vroegsignaalzaak.result.is_(None))
                               .values(result=result, closed_at=now)).rowcount != 1:
                raise _LostTheRace
            session.refresh(zaak)
            aanmelding = None
            if result in {member_.value for member_ in HELP_ACCEPTED}:
                municipality = session.get(Municipality, zaak.municipality_id)
                aanmelding = new_aanmelding(municipality, submitted_at=now,
                                            submission_key=f"vroegsignaalzaak:{zaak.id}", **_signup_fields(zaak))
                session.add(aanmelding)
                session.flush()
                zaak.aanmelding_id = aanmelding.id
            carried = signal_status_on_close(result)
            if carried is not None:
                for signal in zaak.signals:
                    if signal.status == Signaalstatus.NOG_NIET_OPGEPAKT:
                        signal.status = carried.value
    except (_LostTheRace, IntegrityError):
        session.expire_all()
        zaak = session.get(Vroegsignaalzaak, zaak_id)
        return Closed(zaak=zaak, aanmelding=zaak.aanmelding, already=True)
    _audit(session, member, "close_early_warning", zaak,
           f"result={result}" + (f" aanmelding:{zaak.aanmelding_id}" if zaak.aanmelding_id else ""))
    return Closed(zaak=zaak, aanmelding=zaak.aanmelding)


class _LostTheRace(Exception):
    pass


def home_visits(session: Session, member: StaffMember, day: date) -> list[Visit]:
    """The outreach worker's day: open households to call on or visit (approach call-then-visit, or crisis) that
    nobody reached yet and whose day of first contact is that day or has passed; crisis first, then by postcode, so
    the list follows the streets. Written to the audit log with the count only."""
    zaken = list(session.scalars(
        select(Vroegsignaalzaak).where(*_open(member), Vroegsignaalzaak.approach.in_(VISIT_APPROACHES),
                                       Vroegsignaalzaak.picked_up_on.is_(None), Vroegsignaalzaak.due_on <= day)
        .options(selectinload(Vroegsignaalzaak.signals)).limit(500)))
    visits = [Visit(zaak=zaak, contact=contact_of(zaak.signals),
                    partner_types=sorted({s.partner_type for s in zaak.signals}),
                    total_euros=sum(s.amount_euros for s in zaak.signals)) for zaak in zaken]
    visits.sort(key=lambda v: (not v.zaak.crisis, (v.contact.postcode or "").replace(" ", ""),
                               v.contact.street or "", v.zaak.id))
    audit.record(session, member, "view_home_visits", detail=f"day={day.isoformat()} rows={len(visits)}")
    return visits


def linked_zaak_id(session: Session, aanmelding: Aanmelding) -> int | None:
    """The early-warning case a sign-up came from, for the case page's link back."""
    return session.scalar(select(Vroegsignaalzaak.id).where(Vroegsignaalzaak.aanmelding_id == aanmelding.id))
