"""Staff accounts: creation with a current password hash (argon2id)."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import transaction
from portal.models import Municipality, StaffMember, StaffRole

_hasher = PasswordHasher()


class StaffError(ValueError):
    pass


def create_or_update_staff(
    session: Session, *, email: str, name: str, role: StaffRole, municipality_slug: str, password: str
) -> StaffMember:
    if len(password) < 12:
        raise StaffError("A staff password needs at least 12 characters.")
    with transaction(session):
        municipality = session.scalars(select(Municipality).where(Municipality.slug == municipality_slug)).first()
        if municipality is None:
            raise StaffError(f"No municipality with slug '{municipality_slug}'.")
        email = email.strip().lower()
        member = session.scalars(select(StaffMember).where(StaffMember.email == email)).first()
        if member is None:
            member = StaffMember(email=email)
            session.add(member)
        member.name = name
        member.role = StaffRole(role)
        member.municipality = municipality
        member.password_hash = _hasher.hash(password)
    return member


def password_matches(member: StaffMember, password: str) -> bool:
    try:
        return _hasher.verify(member.password_hash, password)
    except Exception:  # argon2 raises several mismatch/invalid-hash errors; all mean "no"
        return False
