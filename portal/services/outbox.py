"""Putting messages in the outbox, in the caller's transaction, and reading what became of them.

Nothing here sends: the worker (portal/messaging/worker.py) does, after the transaction that wrote the message has
committed. So a message exists exactly when what it belongs to does (a case, a logged call), and a crash between
the two cannot leave one without the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.messages import FINAL_STATES, WRONG_ADDRESS_STATES, MessageChannel, MessageKind, MessageState
from portal.models import OutboxMessage


def can_send() -> bool:
    """False when this deployment sends nothing (NOTIFIER=none): pages then do not offer what we could not do."""
    return current_app.config["NOTIFIER"] in ("outbox", "notify")


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
    ("sms afgeleverd"): its address and text are emptied. One still queued then is given up (the worker was down a
    week, or this is development, where nothing sends). Returns (deleted, emptied)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=KEEP_TEXT_DAYS)
    with transaction(session):
        deleted = session.execute(delete(OutboxMessage).where(OutboxMessage.aanmelding_id.is_(None),
                                                              OutboxMessage.created_at < cutoff)).rowcount
        old = (OutboxMessage.created_at < cutoff, OutboxMessage.text_removed_at.is_(None))
        session.execute(update(OutboxMessage).where(*old, OutboxMessage.state == MessageState.QUEUED)
                        .values(state=MessageState.GAVE_UP, state_at=now, error="not sent within a week"))
        emptied = session.execute(update(OutboxMessage).where(*old)
                                  .values(recipient="", body="", text_removed_at=now)).rowcount
    return deleted, emptied
