"""An appointment (afspraak) with a resident: at a place, or a call at an agreed time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.encryption import EncryptedText
from portal.models.staff import StaffMember


class Afspraak(Base):
    __tablename__ = "afspraak"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]  # aware UTC, from a local Europe/Amsterdam date and time (rules/appointments.py)
    by_phone: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str | None] = mapped_column(EncryptedText)  # typed by staff; may name an address: encrypted
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Cancelled, or moved (then moved_to_id is the new one): its unsent reminder is withdrawn.
    cancelled_at: Mapped[datetime | None]
    moved_to_id: Mapped[int | None] = mapped_column(ForeignKey("afspraak.id", ondelete="SET NULL"))

    created_by: Mapped[StaffMember | None] = relationship()

    __table_args__ = (
        # A case's appointments to come, soonest first (the case page's "next appointment").
        Index("ix_afspraak_case_starts", "aanmelding_id", "starts_at"),
    )
