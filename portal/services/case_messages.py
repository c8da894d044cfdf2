"""A case's messages on the staff side: the timeline with them, the warning that a number or address may be wrong,
and the "we tried to call you" sms (one button: a contact attempt and an sms in one transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.appointments import NoMessage
from portal.domain.casework import ContactKind
from portal.domain.messages import MessageChannel, MessageKind
from portal.models import Aanmelding, CaseEvent, OutboxMessage, StaffMember
from portal.rules import tried_to_call as rules
from portal.rules.deadlines import AMSTERDAM, local_date
from portal.services import audit, cases, message_texts, outbox

MESSAGE_EVENT = "message"  # the timeline's kind for an outbox message (not a CaseEvent)


@dataclass(frozen=True)
class MessageEvent:
    """An outbox message as a line on the timeline, beside the CaseEvents (same attributes the template reads)."""

    message: OutboxMessage
    kind: str = MESSAGE_EVENT
    staff: None = None
    text: None = None
    data: dict = field(default_factory=dict)

    @property
    def at(self) -> datetime:
        return self.message.created_at


def timeline(session: Session, aanmelding: Aanmelding, messages: list[OutboxMessage]) -> list:
    """The case's events and its messages, newest first."""
    lines = cases.timeline(session, aanmelding) + [MessageEvent(m) for m in messages]
    return sorted(lines, key=lambda line: line.at, reverse=True)


def doubtful_addresses(messages: list[OutboxMessage]) -> frozenset[MessageChannel]:
    """The channels whose newest final message did not arrive because of the number or address."""
    return frozenset(channel for channel in MessageChannel if outbox.address_may_be_wrong(messages, channel))


class NotSent(Exception):
    def __init__(self, reason: NoMessage):
        super().__init__(reason)
        self.reason = reason


def tried_to_call_refusal(session: Session, aanmelding: Aanmelding, *, now: datetime | None = None) -> NoMessage | None:
    """Why the button cannot send now (the page explains instead), or None."""
    reason = rules.refusal(can_send=outbox.can_send(), channels=aanmelding.channels, phone=aanmelding.phone)
    if reason is None and outbox.already_queued(session, rules.dedupe_key(aanmelding.id,
                                                                          local_date(now or utcnow()))):
        return NoMessage.ALREADY_TODAY
    return reason


def tried_to_call(session: Session, member: StaffMember, case_id: int, *, now: datetime | None = None) -> OutboxMessage:
    """Logs a contact attempt by sms (not reached) and queues the sms in the resident's language, in one
    transaction. Raises NotSent (nothing is logged then); the same case on the same local day sends once."""
    aanmelding = cases._load(session, member, case_id)
    now = now or utcnow()
    reason = tried_to_call_refusal(session, aanmelding, now=now)
    if reason is not None:
        raise NotSent(reason)
    opening = rules.next_opening(aanmelding.municipality.hours_per_day(), now.astimezone(AMSTERDAM))
    body = message_texts.tried_to_call(aanmelding, opening)
    try:
        with transaction(session):
            session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="contact",
                                  data={"kind": str(ContactKind.SMS), "reached": False,
                                        "message": str(MessageKind.TRIED_TO_CALL)}))
            message = outbox.enqueue(session, kind=MessageKind.TRIED_TO_CALL, channel=MessageChannel.SMS,
                                     to=aanmelding.phone, body=body, language=message_texts.language_of(aanmelding),
                                     aanmelding_id=case_id, dedupe_key=rules.dedupe_key(case_id, local_date(now)))
    except IntegrityError:  # a second click in the same instant: the first one's row holds the key
        raise NotSent(NoMessage.ALREADY_TODAY) from None
    audit.record(session, member, "tried_to_call", aanmelding_id=case_id, detail="sms queued")
    return message
