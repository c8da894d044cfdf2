"""A warm handover (overdracht): a case handed to one partner organisation, which accepts it or sends it back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.handover import OverdrachtState
from portal.encryption import EncryptedText
from portal.models.aanmelding import Aanmelding
from portal.models.municipality import Partner
from portal.models.staff import StaffMember


class Overdracht(Base):
    __tablename__ = "overdracht"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    # Kept with the row, so every list is scoped to one municipality without a join.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    why: Mapped[str] = mapped_column(EncryptedText)  # the coordinator's words for the partner
    # The field groups (domain/handover.py FieldGroup) the resident's consent opens to the partner.
    field_groups: Mapped[list] = mapped_column(JSON, default=list)
    handed_over_at: Mapped[datetime] = mapped_column(default=utcnow)
    handed_over_by_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[OverdrachtState] = mapped_column(String(20), default=OverdrachtState.HANDED_OVER)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    return_reason: Mapped[str | None] = mapped_column(EncryptedText)

    aanmelding: Mapped[Aanmelding] = relationship()
    partner: Mapped[Partner] = relationship()
    handed_over_by: Mapped[StaffMember] = relationship(foreign_keys=[handed_over_by_id])
    decided_by: Mapped[StaffMember | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        # A partner's inbox, and the coordinators' overview: one municipality's handovers by partner and state.
        Index("ix_overdracht_partner_state", "partner_id", "state"),
        Index("ix_overdracht_municipality", "municipality_id", "handed_over_at"),
    )
