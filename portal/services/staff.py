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


# The most common passwords in public breach lists (NCSC/HIBP top lists), and words a Dutch municipality invites.
COMMON_PASSWORDS = frozenset("""
123456789012 1234567890123 password1234 wachtwoord123 welkom123456 qwertyuiop12 administrator 000000000000
111111111111 iloveyou1234 passwordpassword wachtwoordwachtwoord gemeente1234 schuldhulp123 lansingerland
groningen123 welkomwelkom zomer2026zomer winter2026!! voorjaar2026 geheimgeheim letmein12345 changeme1234
""".split())


def password_problem(password: str, email: str) -> str | None:
    if len(password) < 12:
        return "A staff password needs at least 12 characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 5:
        return "This password is too common or too simple."
    if email.split("@")[0].lower() in lowered:
        return "The password must not contain the e-mail address."
    return None


def create_or_update_staff(
    session: Session, *, email: str, name: str, role: StaffRole, municipality_slug: str, password: str
) -> StaffMember:
    problem = password_problem(password, email)
    if problem:
        raise StaffError(problem)
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
