"""Anonymous advice: a question without a name. Nothing here points to a person.

No IP address, no user agent, no timestamp finer than a day. The pick-up code is stored as a hash (to find the
question) and the secret words as an argon2 hash (checked in constant time). An optional call-back number is the
only contact detail, and it is deleted with the question.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.encryption import EncryptedText
from portal.models.municipality import Municipality
from portal.models.staff import StaffMember


class AdviceQuestion(Base):
    __tablename__ = "advice_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    topic: Mapped[str | None] = mapped_column(String(30))
    group: Mapped[str] = mapped_column(String(20), default="none")
    callback_phone: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open (waits for us) / answered / closed
    asked_on: Mapped[date] = mapped_column(Date)
    delete_on: Mapped[date] = mapped_column(Date, index=True)
    # Wrong secret words typed with this question's code, from any address; at LOCK_AFTER the question is locked.
    failed_tries: Mapped[int] = mapped_column(default=0, server_default="0")

    municipality: Mapped[Municipality] = relationship()
    messages: Mapped[list[AdviceMessage]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="AdviceMessage.id"
    )


class AdviceSession(Base):
    """One pick-up of a question on one device. Closing the conversation deletes it, so a copied cookie opens nothing.

    The id is the sha256 of a random token kept in the resident's cookie. No address, no user agent, and only the day
    it stops working.
    """

    __tablename__ = "advice_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("advice_question.id", ondelete="CASCADE"), index=True)
    expires_on: Mapped[date] = mapped_column(Date, index=True)


class AdviceMessage(Base):
    __tablename__ = "advice_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("advice_question.id", ondelete="CASCADE"), index=True)
    from_resident: Mapped[bool]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    text: Mapped[str] = mapped_column(EncryptedText)
    written_on: Mapped[date] = mapped_column(Date)

    question: Mapped[AdviceQuestion] = relationship(back_populates="messages")
    staff: Mapped[StaffMember | None] = relationship()
