"""Putting messages in the outbox, in the caller's transaction, and reading what became of them.

Nothing here sends: the worker (portal/messaging/worker.py) does, after the transaction that wrote the message has
committed. So a message exists exactly when what it belongs to does (a case, a logged call), and a crash between
the two cannot leave one without the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.messages import (
    FINAL_STATES,
    MESSAGE_CHANNEL_OF,
    WRONG_ADDRESS_STATES,
    MessageChannel,
    MessageKind,
    MessageState,
)
from portal.models import Aanmelding, OutboxMessage
from portal.rules.confirmation import confirmation_route


def can_send(channel: MessageChannel | None = None) -> bool:
    """False when this deployment sends no sms and e-mail (NOTIFIER=none): pages then do not offer what we could not
    do. A letter is always possible: the municipality prints it (staff "Brieven"), Notify plays no part."""
    if channel == MessageChannel.LETTER:
        return True
    return current_app.config["NOTIFIER"] in ("outbox", "notify")


def message_route(*, email: str | None, phone: str | None, channels,
                  postal_address: str | None) -> tuple[MessageChannel, str] | None:
    """How a message to the resident goes (rules/confirmation.py: e-mail, else sms, else a letter, only a way they
    chose) and to which address; None when they chose none of these or this deployment cannot send that way."""
    route = confirmation_route(email=email, phone=phone, channels=channels, postal_address=postal_address)
    if route is None:
        return None
    channel = MESSAGE_CHANNEL_OF[route[0]]
    return (channel, route[1]) if can_send(channel) else None


def route_to(aanmelding: Aanmelding) -> tuple[MessageChannel, str] | None:
    return message_route(email=aanmelding.email, phone=aanmelding.phone, channels=aanmelding.channels,
                         postal_address=aanmelding.postal_address)


def enqueue(session: Session, *, kind: MessageKind, channel: MessageChannel, to: str, body: str,
            subject: str | None = None, language: str = "nl", aanmelding_id: int | None = None,
            dedupe_key: str | None = None, not_before: datetime | None = None) -> OutboxMessage:
    """Adds the message to the session; the caller's transaction commits it with what it belongs to."""
    message = OutboxMessage(kind=kind, channel=channel, recipient=to, subject=subject, body=body,
                            language=language, aanmelding_id=aanmelding_id, dedupe_key=dedupe_key,
                            state=MessageState.QUEUED,
                            next_attempt_at=not_before or utcnow())
    session.add(message)
    return message


@dataclass(frozen=True)
class ComposedMessage:
    """A message written in the resident's language, not yet in the outbox (views compose: they know Babel)."""

    channel: MessageChannel
    to: str
    body: str
    subject: str | None = None
    language: str = "nl"

    def enqueue(self, session: Session, kind: MessageKind, *, aanmelding_id: int | None = None,
                dedupe_key: str | None = None, not_before: datetime | None = None) -> OutboxMessage:
        return enqueue(session, kind=kind, channel=self.channel, to=self.to, body=self.body, subject=self.subject,
                       language=self.language, aanmelding_id=aanmelding_id, dedupe_key=dedupe_key,
                       not_before=not_before)


def already_queued(session: Session, dedupe_key: str) -> bool:
    return session.scalars(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)).first() is not None


def newest_of_kind(session: Session, aanmelding_id: int, kind: MessageKind) -> OutboxMessage | None:
    return session.scalars(select(OutboxMessage).where(OutboxMessage.aanmelding_id == aanmelding_id,
                                                       OutboxMessage.kind == kind)
                           .order_by(OutboxMessage.id.desc())).first()


def for_case(session: Session, aanmelding_id: int) -> list[OutboxMessage]:
    """A case's messages, newest first, for its timeline."""
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.aanmelding_id == aanmelding_id)
                                .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())))


def address_may_be_wrong(messages: list[OutboxMessage], channel: MessageChannel) -> bool:
    """The newest final message by this channel did not arrive because of the number or address."""
    final = [m for m in messages if m.channel == channel and m.state in FINAL_STATES]
    return bool(final) and final[0].state in WRONG_ADDRESS_STATES


KEEP_TEXT_DAYS = 7


def purge(session: Session, *, now: datetime | None = None) -> tuple[int, int]:
    """A week on, a resume link's message is deleted, and a case's message keeps only what its timeline shows
    ("sms afgeleverd"): its address and text are emptied. An sms or e-mail still queued then is given up (the worker
    was down a week, or this is development, where nothing sends). A letter waits for the municipality's printer as
    long as it takes (it is on the Brieven page until posted); its week starts when it was posted or withdrawn.
    Returns (deleted, emptied)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=KEEP_TEXT_DAYS)
    is_letter = OutboxMessage.channel == MessageChannel.LETTER
    with transaction(session):
        # A resume link belongs to no case; an early-warning invitation belongs to its household's case (its text is
        # emptied like a case message's below, and it goes with the case: services/early_warning_retention.py).
        deleted = session.execute(delete(OutboxMessage).where(OutboxMessage.aanmelding_id.is_(None),
                                                              OutboxMessage.vroegsignaalzaak_id.is_(None),
                                                              OutboxMessage.created_at < cutoff)).rowcount
        not_emptied = OutboxMessage.text_removed_at.is_(None)
        session.execute(update(OutboxMessage).where(OutboxMessage.created_at < cutoff, not_emptied, ~is_letter,
                                                    OutboxMessage.state == MessageState.QUEUED)
                        .values(state=MessageState.GAVE_UP, state_at=now, error="not sent within a week"))
        old = or_(~is_letter & (OutboxMessage.created_at < cutoff),
                  is_letter & (OutboxMessage.state != MessageState.QUEUED) & (OutboxMessage.state_at < cutoff))
        emptied = session.execute(update(OutboxMessage).where(old, not_emptied)
                                  .values(recipient="", body="", text_removed_at=now)).rowcount
    return deleted, emptied
