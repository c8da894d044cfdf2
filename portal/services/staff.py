"""Staff accounts: creation with a current password hash (argon2id), and the administrator's account commands.

Every change to who someone is or may see (password, role, municipality, disabled, unlocked) ends all of the
account's sessions: a cookie from before the change must not carry the old rights."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal import passwords
from portal.db import transaction
from portal.models import Municipality, Partner, StaffMember, StaffRole
from portal.services import staff_sessions


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
    session: Session, *, email: str, name: str, role: StaffRole, municipality_slug: str, password: str,
    partner_name: str | None = None,
) -> StaffMember:
    """`partner_name`: the account is a caseworker of that partner organisation of the same municipality."""
    problem = password_problem(password, email)
    if problem:
        raise StaffError(problem)
    with transaction(session):
        municipality = session.scalars(select(Municipality).where(Municipality.slug == municipality_slug)).first()
        if municipality is None:
            raise StaffError(f"No municipality with slug '{municipality_slug}'.")
        partner = _partner(municipality, partner_name, StaffRole(role))
        email = email.strip().lower()
        member = session.scalars(select(StaffMember).where(StaffMember.email == email)).first()
        existing = member is not None
        if member is None:
            member = StaffMember(email=email)
            session.add(member)
        member.name = name
        member.role = StaffRole(role)
        member.municipality = municipality
        member.partner = partner
        member.password_hash = passwords.hasher().hash(password)
        if existing:
            # create-staff on an existing account is a new password (and maybe role or municipality): sessions end.
            staff_sessions.delete_all(session, member.id)
    return member


def _partner(municipality: Municipality, partner_name: str | None, role: StaffRole) -> Partner | None:
    if not partner_name:
        return None
    if role != StaffRole.CASEWORKER:
        raise StaffError("Only a caseworker account belongs to a partner organisation.")
    found = next((p for p in municipality.partners if p.name == partner_name.strip()), None)
    if found is None:
        names = ", ".join(p.name for p in municipality.partners)
        raise StaffError(f"{municipality.name} has no partner '{partner_name}' (its partners: {names}).")
    return found


def find_by_email(session: Session, email: str) -> StaffMember | None:
    return session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()


def unlock(session: Session, email: str) -> StaffMember | None:
    """Lifts the lock after 100 failures (and any wait); the count starts again. Returns None for no such account."""
    return _change(session, email, failed_logins=0, next_attempt_at=None, locked_at=None)


def set_active(session: Session, email: str, active: bool) -> StaffMember | None:
    """Disable (someone left, a laptop was stolen) or enable again. Returns None for no such account."""
    return _change(session, email, active=active)


def _change(session: Session, email: str, **values) -> StaffMember | None:
    member = find_by_email(session, email)
    if member is None:
        return None
    with transaction(session):
        session.execute(update(StaffMember).where(StaffMember.id == member.id).values(**values))
        staff_sessions.delete_all(session, member.id)
    session.refresh(member)
    return member


def password_matches(member: StaffMember, password: str) -> bool:
    try:
        return passwords.hasher().verify(member.password_hash, password)
    except Exception:  # argon2 raises several mismatch/invalid-hash errors; all mean "no"
        return False
