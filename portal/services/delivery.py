"""Notify's delivery receipts: what became of a message after Notify took it.

Receipts can come twice (Notify retries a callback it thinks failed) and out of order (a temporary failure reported
after the phone took the message). A receipt therefore only ever moves a message up this ladder, never down: sent,
then a temporary or technical failure, then a permanent failure, then delivered. The move is one conditional
UPDATE, so two receipts for one message at once cannot both win.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.messages import RECEIPT_STATES, MessageState
from portal.models import OutboxMessage

_RANK = {MessageState.TEMPORARY_FAILURE: 1, MessageState.TECHNICAL_FAILURE: 1, MessageState.PERMANENT_FAILURE: 2,
         MessageState.DELIVERED: 3}


class Receipt(enum.StrEnum):
    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # a repeat, or older news than what we know
    UNKNOWN = "unknown"  # no message with this Notify id and reference (yet)


class UnknownStatus(ValueError):
    """Not one of Notify's four receipt statuses."""


def _below(state: MessageState) -> list[str]:
    """The states a receipt of this state may replace: any state that is not a receipt of the same or higher rank."""
    rank = _RANK[state]
    return [s.value for s in MessageState if _RANK.get(s, 0) < rank]


def record_receipt(session: Session, *, notify_id: str, reference: str | None, status: str,
                   now: datetime | None = None) -> Receipt:
    state = RECEIPT_STATES.get(status)
    if state is None:
        raise UnknownStatus(status)
    with transaction(session):
        message_id = session.scalars(select(OutboxMessage.id).where(OutboxMessage.notify_id == notify_id,
                                                                   OutboxMessage.reference == (reference or ""))
                                     ).first()
        if message_id is None:
            return Receipt.UNKNOWN
        moved = session.execute(update(OutboxMessage)
                                .where(OutboxMessage.id == message_id, OutboxMessage.state.in_(_below(state)))
                                .values(state=state, state_at=now or utcnow())).rowcount
    return Receipt.RECORDED if moved else Receipt.UNCHANGED
