"""After-care (nazorg): started when a case closes with a result that ends a trajectory, worked from the
coordinators' after-care queue, ended by the coordinator or by itself (rules/aftercare.py).

Every function that a staff member calls is scoped to their municipality and written to the audit log; what happens
to the resident is a CaseEvent of the closed case, so its one timeline tells the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from portal import blind_index
from portal.db import transaction, utcnow
from portal.domain.aftercare import NazorgEnd, NazorgState
from portal.models import Aanmelding, CaseEvent, StaffMember
from portal.models.aftercare import Nazorgmoment, Nazorgtraject
from portal.models.early_warning import Vroegsignaalzaak
from portal.rules import aftercare as rules
from portal.rules import early_warning_triage as triage
from portal.rules.contact_attempt import ContactRefused, Fit, fit
from portal.rules.deadlines import local_date
from portal.services import audit

PAGE_SIZE = 25


class TrajectNotFound(LookupError):
    """Not in this staff member's municipality (or not there at all): answered as 404, so nothing leaks."""


class TrajectEnded(Exception):
    """After-care has ended: nothing more is logged on it."""


class UnknownMoment(ValueError):
    """A moment number this after-care does not have (a tampered form)."""


# -- starting, inside the transaction that closes the case (services/cases.change_status)

def household_of(session: Session, aanmelding: Aanmelding) -> tuple[str | None, str | None]:
    """(key id, digest) of the household, so a new early-warning signal finds this after-care: the early-warning
    case the sign-up came from, else the postcode and house number of the address the resident gave."""
    zaak = session.scalars(select(Vroegsignaalzaak).where(Vroegsignaalzaak.aanmelding_id == aanmelding.id)).first()
    if zaak is not None:
        return zaak.household_key_id, zaak.household_digest
    address = rules.parse_postal_address(aanmelding.postal_address)
    if address is None:
        return None, None
    key = triage.household_key(bsn=None, postcode=address.postcode, huisnummer=address.huisnummer,
                               toevoeging=address.toevoeging)
    return blind_index.digest(aanmelding.municipality_id, triage.HOUSEHOLD_KIND, key)


def start_on_close(session: Session, aanmelding: Aanmelding, *, staff_id: int) -> Nazorgtraject | None:
    """Adds the after-care and its moments to the session when the close reason ends a trajectory; the caller
    commits it with the close, so a close that fails leaves no after-care behind."""
    if not rules.starts_aftercare(aanmelding.closed_reason):
        return None
    started_on = local_date(aanmelding.closed_at or utcnow())
    months = list(aanmelding.municipality.aftercare_months or [])
    kid, digest = household_of(session, aanmelding)
    traject = Nazorgtraject(
        municipality_id=aanmelding.municipality_id, aanmelding_id=aanmelding.id, started_on=started_on,
        state=NazorgState.ACTIVE, household_digest=digest, household_key_id=kid,
        moments=[Nazorgmoment(number=number, months=count, due_on=due)
                 for number, (count, due) in enumerate(zip(months, rules.due_dates(started_on, months),
                                                           strict=True), start=1)])
    session.add(traject)
    session.add(CaseEvent(aanmelding_id=aanmelding.id, staff_id=staff_id, kind="aftercare_started",
                          data={"months": months}))
    return traject


# -- reading

def _moments(traject: Nazorgtraject) -> list[rules.Moment]:
    return [rules.Moment(m.number, m.due_on, m.done_on) for m in traject.moments]


def current_moment(traject: Nazorgtraject, today: date) -> Nazorgmoment | None:
    current = rules.current_moment(_moments(traject), today)
    return None if current is None else next(m for m in traject.moments if m.number == current.number)


def contact_moment(traject: Nazorgtraject, today: date) -> Nazorgmoment | None:
    """The moment a contact today is for unless the coordinator says otherwise; None: a contact in between."""
    found = rules.moment_for_contact(_moments(traject), today)
    return None if found is None else next(m for m in traject.moments if m.number == found.number)


def is_over(traject: Nazorgtraject, today: date) -> bool:
    """Ended, or over by the rules and waiting for the housekeeping to say so."""
    return traject.state == NazorgState.ENDED or rules.ends_by_itself(
        _moments(traject), today, call_requested=traject.call_requested_at is not None,
        new_signal=traject.signal_at is not None)


@dataclass(frozen=True)
class QueueRow:
    traject: Nazorgtraject
    current: Nazorgmoment | None
    past_due: bool
    over: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


def _row(traject: Nazorgtraject, today: date) -> QueueRow:
    current = current_moment(traject, today)
    past_due = current is not None and rules.is_past_due(rules.Moment(current.number, current.due_on), today)
    return QueueRow(traject, current, past_due, is_over(traject, today))


def _paged(total: int, page: int) -> tuple[int, int, int]:
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * PAGE_SIZE


def queue(session: Session, member: StaffMember, *, ended: bool = False, page: int = 1,
          today: date | None = None) -> QueuePage:
    """Active after-care in the order of rules.queue_key; or the ended ones, newest end first. The active ones are
    sorted here, not in SQL: the order reads the moments through the same rules as the case page, and a
    municipality's active after-care is bounded (the cases of about half a year, a few thousand at the largest).
    One that is over by the rules but not yet ended by `flask aftercare-housekeeping` counts as ended already."""
    today = today or local_date(utcnow())
    active = [_row(t, today) for t in session.scalars(
        select(Nazorgtraject).where(Nazorgtraject.municipality_id == member.municipality_id,
                                    Nazorgtraject.state == NazorgState.ACTIVE)
        .options(selectinload(Nazorgtraject.moments)))]
    if not ended:
        rows = sorted((row for row in active if not row.over), key=lambda row: rules.queue_key(rules.QueueFacts(
            row.traject.id, row.traject.call_requested_at, row.traject.signal_at,
            row.current.due_on if row.current else None, row.past_due)))
        page, pages, offset = _paged(len(rows), page)
        shown = rows[offset:offset + PAGE_SIZE]
        total = len(rows)
    else:
        over = [row for row in active if row.over]
        ended_stmt = select(Nazorgtraject).where(Nazorgtraject.municipality_id == member.municipality_id,
                                                 Nazorgtraject.state == NazorgState.ENDED)
        total = len(over) + session.scalar(select(func.count()).select_from(ended_stmt.subquery()))
        page, pages, offset = _paged(total, page)
        shown = over[offset:offset + PAGE_SIZE]
        if len(shown) < PAGE_SIZE:
            stored = session.scalars(ended_stmt.options(selectinload(Nazorgtraject.moments))
                                     .order_by(Nazorgtraject.ended_on.desc(), Nazorgtraject.id.desc())
                                     .offset(max(0, offset - len(over))).limit(PAGE_SIZE - len(shown)))
            shown += [_row(t, today) for t in stored]
    # The page's cases and holders in two queries, not one per row.
    ids = [row.traject.aanmelding_id for row in shown]
    list(session.scalars(select(Aanmelding).where(Aanmelding.id.in_(ids))))
    holders = {row.traject.assigned_to_id for row in shown} - {None}
    list(session.scalars(select(StaffMember).where(StaffMember.id.in_(holders))))
    audit.record(session, member, "view_aftercare_queue", detail="ended" if ended else "active")
    return QueuePage(shown, total, page, pages)


def _load(session: Session, member: StaffMember, traject_id: int) -> Nazorgtraject:
    traject = session.get(Nazorgtraject, traject_id)
    if traject is None or traject.municipality_id != member.municipality_id:
        raise TrajectNotFound(traject_id)
    return traject


@dataclass(frozen=True)
class TrajectView:
    traject: Nazorgtraject
    current: Nazorgmoment | None
    contact_moment: Nazorgmoment | None  # what the contact form offers first
    past_due: bool
    over: bool
    signals: list[Vroegsignaalzaak]
    contacts: list[CaseEvent]


def open_traject(session: Session, member: StaffMember, traject_id: int, *, today: date | None = None) -> TrajectView:
    """Every look is written to the audit log, with the case it belongs to."""
    today = today or local_date(utcnow())
    traject = _load(session, member, traject_id)
    row = _row(traject, today)
    signals = list(session.scalars(select(Vroegsignaalzaak).where(Vroegsignaalzaak.nazorg_id == traject.id)
                                   .options(selectinload(Vroegsignaalzaak.signals))
                                   .order_by(Vroegsignaalzaak.id.desc())))
    contacts = list(session.scalars(select(CaseEvent).where(CaseEvent.aanmelding_id == traject.aanmelding_id,
                                                            CaseEvent.kind == "aftercare_contact")
                                    .options(selectinload(CaseEvent.staff))
                                    .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())))
    audit.record(session, member, "view_aftercare", aanmelding_id=traject.aanmelding_id)
    return TrajectView(traject, row.current, contact_moment(traject, today), row.past_due, row.over, signals, contacts)


def status_line(session: Session, aanmelding: Aanmelding, *, today: date | None = None) -> QueueRow | None:
    """For the case page: its after-care, if any."""
    traject = session.scalars(select(Nazorgtraject).where(Nazorgtraject.aanmelding_id == aanmelding.id)).first()
    return None if traject is None else _row(traject, today or local_date(utcnow()))


# -- the coordinator's actions

def claim(session: Session, member: StaffMember, traject_id: int) -> tuple[bool, StaffMember | None]:
    """As claiming a case: one statement decides, so of two coordinators claiming at once exactly one gets it."""
    traject = _load(session, member, traject_id)
    case_id = traject.aanmelding_id
    with transaction(session):
        won = session.execute(update(Nazorgtraject)
                              .where(Nazorgtraject.id == traject_id, Nazorgtraject.assigned_to_id.is_(None))
                              .values(assigned_to_id=member.id)).rowcount == 1
        if won:
            session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="aftercare_claimed"))
    session.expire_all()
    traject = session.get(Nazorgtraject, traject_id)
    audit.record(session, member, "aftercare_claim" if won else "aftercare_claim_lost", aanmelding_id=case_id)
    return won, traject.assigned_to


def _active(session: Session, member: StaffMember, traject_id: int) -> Nazorgtraject:
    traject = _load(session, member, traject_id)
    if traject.state != NazorgState.ACTIVE:
        raise TrajectEnded(traject_id)
    return traject


def log_contact(session: Session, member: StaffMember, traject_id: int, *, kind: str, reached: bool,
                moment_number: int | None, note: str | None, in_between: bool = False,
                today: date | None = None) -> Fit:
    """A contact attempt for one moment (by default rules.moment_for_contact), or `in_between` for none.
    Reached: that moment is done, and a call request is answered either way. Raises ContactRefused for a voicemail
    the resident said no to, UnknownMoment, or TrajectEnded when after-care is over; nothing is logged then."""
    today = today or local_date(utcnow())
    traject = _active(session, member, traject_id)
    aanmelding = traject.aanmelding
    agreed = fit(kind, voicemail_ok=aanmelding.voicemail_ok, channels=aanmelding.channels)
    if agreed == Fit.REFUSED:
        raise ContactRefused(kind)
    if in_between:
        moment = None
    elif moment_number is None:
        moment = contact_moment(traject, today)
    else:
        moment = next((m for m in traject.moments if m.number == moment_number), None)
        if moment is None:
            raise UnknownMoment(moment_number)
    with transaction(session):
        session.add(CaseEvent(aanmelding_id=traject.aanmelding_id, staff_id=member.id, kind="aftercare_contact",
                              data={"kind": kind, "reached": reached,
                                    "moment": moment.number if moment is not None else None},
                              text=note or None))
        if reached:
            traject.call_requested_at = None
            if moment is not None and moment.done_on is None:
                moment.done_on = today
    audit.record(session, member, "aftercare_contact", aanmelding_id=traject.aanmelding_id,
                 detail=f"{kind}:{'reached' if reached else 'missed'}")
    return agreed


def mark_signal_seen(session: Session, member: StaffMember, traject_id: int) -> None:
    traject = _load(session, member, traject_id)
    with transaction(session):
        if traject.signal_at is not None:
            traject.signal_at = None
            session.add(CaseEvent(aanmelding_id=traject.aanmelding_id, staff_id=member.id,
                                  kind="aftercare_signal_seen"))
    audit.record(session, member, "aftercare_signal_seen", aanmelding_id=traject.aanmelding_id)


def _end(session: Session, traject: Nazorgtraject, reason: NazorgEnd, today: date, staff_id: int | None) -> None:
    traject.state, traject.ended_on, traject.end_reason = NazorgState.ENDED, today, reason.value
    session.add(CaseEvent(aanmelding_id=traject.aanmelding_id, staff_id=staff_id, kind="aftercare_ended",
                          data={"reason": reason.value}))


def end_needs_nothing(session: Session, member: StaffMember, traject_id: int, *, today: date | None = None) -> bool:
    """The resident says they need nothing more. False when it had ended already (a double submit)."""
    traject = _load(session, member, traject_id)
    if traject.state != NazorgState.ACTIVE:
        return False
    with transaction(session):
        _end(session, traject, NazorgEnd.NEEDS_NOTHING, today or local_date(utcnow()), member.id)
    audit.record(session, member, "aftercare_end", aanmelding_id=traject.aanmelding_id,
                 detail=NazorgEnd.NEEDS_NOTHING.value)
    return True


def housekeeping(session: Session, *, today: date | None = None, now: datetime | None = None) -> int:
    """Ends, in every municipality, the after-care that is over by itself (rules.ends_by_itself); returns how many.
    `flask aftercare-housekeeping`, daily from cron; the queue already shows these as ended meanwhile."""
    today = today or local_date(now or utcnow())
    count = 0
    with transaction(session):
        for traject in session.scalars(select(Nazorgtraject).where(Nazorgtraject.state == NazorgState.ACTIVE)
                                       .options(selectinload(Nazorgtraject.moments))):
            if is_over(traject, today):
                _end(session, traject, NazorgEnd.LAST_MOMENT, today, None)
                count += 1
    return count
