"""What happens to a case after sign-up: who has it, contact attempts, notes, the timeline, and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.encryption import EncryptedText
from portal.models.staff import StaffMember


class CaseEvent(Base):
    """One line on a case's timeline: claimed, contact attempt, status change (a handover among them), note."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    # claimed / contact / status / note (services/cases.py); a handover is a status event with data["partner"]
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    text: Mapped[str | None] = mapped_column(EncryptedText)  # notes say personal things

    staff: Mapped[StaffMember | None] = relationship()


class AuditEntry(Base):
    """Who looked at or changed what, and when. Written for every view and change of a case; never updated."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    action: Mapped[str] = mapped_column(String(40))
    aanmelding_id: Mapped[int | None] = mapped_column(ForeignKey("aanmelding.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(String(300))

    staff: Mapped[StaffMember | None] = relationship()

    __table_args__ = (Index("ix_audit_entry_municipality_at", "municipality_id", "at"),)


class SavedFilter(Base):
    __tablename__ = "saved_filter"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    query: Mapped[str] = mapped_column(String(400))


class AssistCode(Base):
    """A short one-time code a staff member shows, so a sign-up on the client's own phone is linked to them."""

    __tablename__ = "assist_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # sha256 of the first characters: finds the code, so a wrong rest counts against this one code.
    lookup_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    failed_tries: Mapped[int] = mapped_column(default=0, server_default="0")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
