"""After-care (nazorg) of a closed case: its contact moments and the resident's check-in answers.

Contact attempts and notes of after-care are CaseEvents of the case (kind "aftercare_contact"), so the case's one
timeline tells the whole story; the after-care queue reads these tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.aftercare import NazorgState
from portal.models.aanmelding import Aanmelding
from portal.models.staff import StaffMember


class Nazorgtraject(Base):
    __tablename__ = "nazorgtraject"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept with the row, so the after-care queue is scoped to one municipality without a join.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), unique=True)
    started_on: Mapped[date] = mapped_column(Date)  # the day the case closed
    state: Mapped[NazorgState] = mapped_column(String(20), default=NazorgState.ACTIVE)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(30))  # domain NazorgEnd
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    # The resident asked for a call in a check-in, not yet answered by a logged contact: top of the queue.
    call_requested_at: Mapped[datetime | None]
    # A new early-warning signal for this household arrived during after-care (not yet seen to): near the top.
    signal_at: Mapped[datetime | None]
    # Keyed digest of the household (blind index kind "household", as Vroegsignaalzaak), so a new signal finds this
    # after-care instead of making a new early-warning case; None when no address or BSN was known.
    household_digest: Mapped[str | None] = mapped_column(String(64))
    household_key_id: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aanmelding: Mapped[Aanmelding] = relationship()
    assigned_to: Mapped[StaffMember | None] = relationship()
    moments: Mapped[list[Nazorgmoment]] = relationship(
        back_populates="traject", cascade="all, delete-orphan", order_by="Nazorgmoment.number")

    __table_args__ = (
        Index("ix_nazorgtraject_queue", "municipality_id", "state"),
        Index("ix_nazorgtraject_household", "municipality_id", "household_digest"),
    )


class Nazorgmoment(Base):
    """One contact moment (1, 3, 6 months after the close by default) and, when a check-in link went, its answer."""

    __tablename__ = "nazorgmoment"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("nazorgtraject.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 1, 2, 3 in order
    months: Mapped[int]  # months after the close
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)  # a logged contact or an answered check-in
    # The check-in link: sha256 of the single-use token (rules/token_hash.py); emptied when answered.
    checkin_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    checkin_sent_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    money_now: Mapped[str | None] = mapped_column(String(10))  # domain MoneyNow
    new_bills: Mapped[bool | None] = mapped_column(Boolean)
    wants_call: Mapped[bool | None] = mapped_column(Boolean)

    traject: Mapped[Nazorgtraject] = relationship(back_populates="moments")
