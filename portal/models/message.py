"""The outbox: every sms, e-mail and letter the portal sends, written with what it belongs to; the worker sends sms
and e-mail, the municipality prints letters (services/letters.py)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.messages import MessageState
from portal.encryption import EncryptedText


class OutboxMessage(Base):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), default="resume_link")  # domain/messages.py MessageKind
    channel: Mapped[str] = mapped_column(String(10))  # email / sms / letter (MessageChannel)
    # Encrypted, and emptied once the message is final and a week old (services/outbox.purge): they hold an
    # address and, for a resume link, a way into someone's unfinished sign-up.
    recipient: Mapped[str] = mapped_column(EncryptedText)
    subject: Mapped[str | None] = mapped_column(String(200))  # no address, no name: says nothing alone
    body: Mapped[str] = mapped_column(EncryptedText)
    language: Mapped[str] = mapped_column(String(10), default="nl")
    # The case it belongs to, for its timeline; None for a resume link (a draft is not a case).
    aanmelding_id: Mapped[int | None] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    # An early-warning case's outreach (a letter, an sms) before any sign-up exists.
    vroegsignaalzaak_id: Mapped[int | None] = mapped_column(ForeignKey("vroegsignaalzaak.id", ondelete="CASCADE"),
                                                            index=True)
    # At most one message per key ("confirmation:<case id>"): a double tap or a retried request sends once.
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    # What we send Notify as `reference`: random, no personal data; Notify's id comes back as notify_id.
    reference: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    state: Mapped[str] = mapped_column(String(24), default=MessageState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)  # also "not before" (a reminder)
    # A worker's claim (SQLite has no SKIP LOCKED): others leave the row alone until the lease ends.
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    notify_id: Mapped[str | None] = mapped_column(String(36), index=True)
    error: Mapped[str | None] = mapped_column(String(120))  # status code and Notify's reason; never the text
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    state_at: Mapped[datetime | None]
    text_removed_at: Mapped[datetime | None]  # recipient and body emptied (services/outbox.purge)

    aanmelding: Mapped[Aanmelding | None] = relationship()  # noqa: F821  (a letter needs its case's name)
    # An outreach letter has no Aanmelding: its municipality comes through the early-warning case.
    vroegsignaalzaak: Mapped[Vroegsignaalzaak | None] = relationship()  # noqa: F821

    __table_args__ = (
        # The worker's claim: queued messages whose time has come, oldest first.
        Index("ix_outbox_message_due", "state", "next_attempt_at"),
    )
