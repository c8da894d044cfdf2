"""The audit log: every view and change of a case, and every login, with who and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import transaction
from portal.models import AuditEntry, StaffMember


def record(session: Session, member: StaffMember, action: str, *, aanmelding_id: int | None = None,
           detail: str | None = None) -> None:
    with transaction(session):
        session.add(AuditEntry(staff_id=member.id, municipality_id=member.municipality_id, action=action,
                               aanmelding_id=aanmelding_id, detail=(detail or None) and detail[:300]))


def entries(session: Session, municipality_id: int, *, aanmelding_id: int | None = None, limit: int = 200,
            offset: int = 0) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.municipality_id == municipality_id)
    if aanmelding_id is not None:
        stmt = stmt.where(AuditEntry.aanmelding_id == aanmelding_id)
    return list(session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)))
