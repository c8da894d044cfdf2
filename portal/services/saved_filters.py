"""Queue filters a coordinator saves under a name: stored as the query string, only for themselves."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.db import transaction
from portal.models import SavedFilter, StaffMember

FILTER_KEYS = ("status", "group", "source", "assigned", "search", "crisis", "overdue")
# Saved before the search box could find names and phone numbers, when it was the reference field: same meaning.
RENAMED_KEYS = {"reference": "search"}


def save(session: Session, member: StaffMember, name: str, args: dict) -> SavedFilter:
    query = urlencode({k: args[k] for k in FILTER_KEYS if args.get(k)})
    with transaction(session):
        saved = SavedFilter(staff_id=member.id, name=name.strip(), query=query)
        session.add(saved)
    return saved


def for_member(session: Session, member: StaffMember) -> list[SavedFilter]:
    stmt = select(SavedFilter).where(SavedFilter.staff_id == member.id).order_by(SavedFilter.name)
    return list(session.scalars(stmt))


def remove(session: Session, member: StaffMember, filter_id: int) -> str | None:
    """The deleted filter's name; None when this member has no such filter."""
    with transaction(session):
        mine = (SavedFilter.id == filter_id, SavedFilter.staff_id == member.id)
        name = session.scalar(select(SavedFilter.name).where(*mine))
        session.execute(delete(SavedFilter).where(*mine))
    return name
