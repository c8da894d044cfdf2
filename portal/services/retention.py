"""Deleting what the portal no longer needs, and erasing one resident's case on request. Logs counts, never content."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import Aanmelding, AanmeldingStatus, CaseEvent, StaffMember
from portal.rules.deadlines import local_date
from portal.rules.retention import is_expired
from portal.services import audit


def purge_closed_cases(session: Session) -> int:
    today = local_date(utcnow())
    closed = session.execute(select(Aanmelding.id, Aanmelding.closed_at, Aanmelding.closed_reason)
                             .where(Aanmelding.status == AanmeldingStatus.CLOSED, Aanmelding.closed_at.is_not(None)))
    expired = [row.id for row in closed if is_expired(local_date(row.closed_at), row.closed_reason, today)]
    _delete_cases(session, expired)
    return len(expired)


def _delete_cases(session: Session, ids: list[int]) -> None:
    if not ids:
        return
    with transaction(session):
        session.execute(delete(CaseEvent).where(CaseEvent.aanmelding_id.in_(ids)))
        session.execute(delete(Aanmelding).where(Aanmelding.id.in_(ids)))


def erase_case(session: Session, member: StaffMember, case_id: int) -> bool:
    """On the resident's request (AVG art. 17). The audit log keeps that it happened, not what the case held."""
    aanmelding = session.get(Aanmelding, case_id)
    if aanmelding is None or aanmelding.municipality_id != member.municipality_id:
        return False
    _delete_cases(session, [case_id])
    audit.record(session, member, "erase_case", detail="case erased on request")
    return True
