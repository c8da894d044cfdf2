"""Appointments with a resident: plan, move and cancel on the case page, each in one transaction with its timeline
line and its messages (portal/rules/appointments.py has the rules and when the reminder goes).

The message goes the way the sign-up's confirmation goes (services/outbox.route_to: e-mail, else sms, else a
letter, only a way the resident chose). A letter gets no reminder: the post takes days, and the letter itself is
what the resident keeps. Each message has a dedupe key per appointment, so it is found again to be
withdrawn: cancelling or moving sets a still queued, unclaimed message to "cancelled" (the worker claims only queued
rows), and sends a short notice when the first message had already gone out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.appointments import AppointmentEvent, NoMessage
from portal.domain.messages import NOT_ARRIVED_STATES, MessageChannel, MessageKind, MessageState
from portal.models import Aanmelding, Afspraak, CaseEvent, OutboxMessage, StaffMember
from portal.rules import appointments as rules
from portal.rules.confirmation import confirmation_route
from portal.services import audit, cases, message_texts, outbox
from portal.services.message_texts import Purpose, Slot

APPOINTMENT_EVENT = "appointment"  # CaseEvent.kind; data: state (AppointmentEvent), id, by_phone


def _key(kind: MessageKind, afspraak_id: int) -> str:
    return f"{kind}:{afspraak_id}"


def why_no_message(aanmelding: Aanmelding) -> NoMessage | None:
    if outbox.route_to(aanmelding) is not None:
        return None
    chosen = confirmation_route(email=aanmelding.email, phone=aanmelding.phone, channels=aanmelding.channels,
                                postal_address=aanmelding.postal_address)
    return NoMessage.NO_ROUTE if chosen is None else NoMessage.NOT_OFFERED


def upcoming(session: Session, aanmelding: Aanmelding, *, now: datetime | None = None) -> list[Afspraak]:
    """Not cancelled and not yet begun, soonest first: the first is the case page's "next appointment"."""
    return list(session.scalars(select(Afspraak).where(
        Afspraak.aanmelding_id == aanmelding.id, Afspraak.cancelled_at.is_(None),
        Afspraak.starts_at > (now or utcnow())).order_by(Afspraak.starts_at, Afspraak.id)))


def all_of(session: Session, aanmelding: Aanmelding) -> dict[int, Afspraak]:
    """Every appointment of the case by id, for its timeline lines."""
    return {a.id: a for a in session.scalars(select(Afspraak).where(Afspraak.aanmelding_id == aanmelding.id))}


@dataclass(frozen=True)
class Planned:
    afspraak: Afspraak
    message: OutboxMessage | None
    reminder: OutboxMessage | None
    no_message: NoMessage | None  # why nothing was sent


@dataclass(frozen=True)
class Cancelled:
    notice: OutboxMessage | None
    withdrawn: int  # queued messages of the appointment that will now never go


def _enqueue(session: Session, aanmelding: Aanmelding, kind: MessageKind, slot: Slot, purpose: Purpose,
             afspraak_id: int, not_before: datetime | None = None) -> OutboxMessage | None:
    route = outbox.route_to(aanmelding)
    if route is None:
        return None
    channel, address = route
    if channel == MessageChannel.LETTER and kind == MessageKind.APPOINTMENT_REMINDER:
        return None
    subject, body = message_texts.appointment(aanmelding, slot, purpose)
    return outbox.enqueue(session, kind=kind, channel=channel, to=address, body=body,
                          subject=None if channel == MessageChannel.SMS else subject,
                          language=message_texts.language_of(aanmelding), aanmelding_id=aanmelding.id,
                          dedupe_key=_key(kind, afspraak_id), not_before=not_before)


def _withdraw(session: Session, afspraak: Afspraak, now: datetime) -> tuple[int, bool]:
    """Cancels the appointment's queued messages that no worker holds; returns (withdrawn, whether its first
    message went out or is on its way)."""
    keys = [_key(MessageKind.APPOINTMENT, afspraak.id), _key(MessageKind.APPOINTMENT_REMINDER, afspraak.id)]
    withdrawn = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.dedupe_key.in_(keys), OutboxMessage.state == MessageState.QUEUED,
               or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
        .values(state=MessageState.CANCELLED, state_at=now)
        .execution_options(synchronize_session=False)).rowcount
    first = session.scalars(select(OutboxMessage.state).where(OutboxMessage.dedupe_key == keys[0])).first()
    gone_out = first is not None and first != MessageState.CANCELLED and first not in NOT_ARRIVED_STATES
    return withdrawn, gone_out


def _event(session: Session, member: StaffMember, afspraak: Afspraak, state: AppointmentEvent) -> None:
    session.add(CaseEvent(aanmelding_id=afspraak.aanmelding_id, staff_id=member.id, kind=APPOINTMENT_EVENT,
                          data={"state": str(state), "id": afspraak.id, "by_phone": afspraak.by_phone}))


def _open_appointment(session: Session, aanmelding: Aanmelding, afspraak_id: int, field: str) -> Afspraak:
    afspraak = session.get(Afspraak, afspraak_id)
    if afspraak is None or afspraak.aanmelding_id != aanmelding.id or afspraak.cancelled_at is not None:
        raise rules.AppointmentError({field: "appointment_gone"})
    return afspraak


def plan(session: Session, member: StaffMember, case_id: int, *, day: date | None, at: time | None,
         by_phone: bool | None, place: str | None, replaces: int | None = None,
         now: datetime | None = None) -> Planned:
    """Stores the appointment, its timeline line, its message and reminder in one transaction; `replaces` moves an
    open appointment of the case to this one. Raises AppointmentError (field -> code); nothing is stored then."""
    aanmelding = cases._load(session, member, case_id)
    now = now or utcnow()
    planned = rules.check(day=day, at=at, by_phone=by_phone, place=place, now=now)
    old = _open_appointment(session, aanmelding, replaces, "replaces") if replaces else None
    with transaction(session):
        afspraak = Afspraak(aanmelding_id=case_id, starts_at=planned.starts_at, by_phone=planned.by_phone,
                            place=planned.place, created_by_id=member.id, created_at=now)
        session.add(afspraak)
        session.flush()
        if old is not None:
            old.cancelled_at, old.moved_to_id = now, afspraak.id
            _withdraw(session, old, now)
        _event(session, member, afspraak, AppointmentEvent.MOVED if old else AppointmentEvent.PLANNED)
        slot = Slot(planned.starts_at, planned.by_phone, planned.place)
        message = _enqueue(session, aanmelding, MessageKind.APPOINTMENT, slot,
                           Purpose.MOVED if old else Purpose.PLANNED, afspraak.id)
        remind_at = rules.reminder_at(planned.starts_at, now)
        reminder = None
        if message is not None and remind_at is not None:
            reminder = _enqueue(session, aanmelding, MessageKind.APPOINTMENT_REMINDER, slot, Purpose.REMINDER,
                                afspraak.id, not_before=remind_at)
    audit.record(session, member, "move_appointment" if old else "plan_appointment", aanmelding_id=case_id,
                 detail=f"appointment={afspraak.id}" + (f";was={old.id}" if old else "")
                        + f";message={'queued' if message else 'none'};reminder={'queued' if reminder else 'none'}")
    return Planned(afspraak, message, reminder, None if message else why_no_message(aanmelding))


def cancel(session: Session, member: StaffMember, case_id: int, afspraak_id: int,
           *, now: datetime | None = None) -> Cancelled:
    """Cancels an open appointment: its unsent messages are withdrawn; a short notice goes when the first message
    had gone out. Raises AppointmentError when it is not an open appointment of this case."""
    aanmelding = cases._load(session, member, case_id)
    now = now or utcnow()
    afspraak = _open_appointment(session, aanmelding, afspraak_id, "appointment")
    with transaction(session):
        afspraak.cancelled_at = now
        withdrawn, gone_out = _withdraw(session, afspraak, now)
        _event(session, member, afspraak, AppointmentEvent.CANCELLED)
        notice = None
        if gone_out and afspraak.starts_at > now:
            notice = _enqueue(session, aanmelding, MessageKind.APPOINTMENT_CANCELLED,
                              Slot(afspraak.starts_at, afspraak.by_phone, afspraak.place), Purpose.CANCELLED,
                              afspraak.id)
    session.expire_all()
    audit.record(session, member, "cancel_appointment", aanmelding_id=case_id,
                 detail=f"appointment={afspraak_id};withdrawn={withdrawn};notice={'queued' if notice else 'none'}")
    return Cancelled(notice, withdrawn)
