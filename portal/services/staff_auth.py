"""Staff login with slow-down and lockout. The same answer for a wrong e-mail and a wrong password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import StaffMember
from portal.services.staff import _hasher, password_matches

SLOW_DOWN_AFTER = 3  # failures before each next try must wait
SLOW_DOWN = timedelta(seconds=10)
LOCK_AFTER = 6
LOCK_FOR = timedelta(minutes=15)
_DUMMY_HASH = _hasher.hash("a password nobody has")


@dataclass(frozen=True)
class LoginResult:
    member: StaffMember | None
    problem: str | None = None  # "wrong", "wait", "locked"


def log_in(session: Session, email: str, password: str) -> LoginResult:
    member = session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()
    now = utcnow()
    if member is None or not member.active:
        password_matches(StaffMember(password_hash=_DUMMY_HASH), password)  # same time as a real check
        return LoginResult(None, "wrong")
    if member.locked_until and member.locked_until > now:
        return LoginResult(None, "locked")
    if member.next_attempt_at and member.next_attempt_at > now:
        return LoginResult(None, "wait")
    if not password_matches(member, password):
        failures = member.failed_logins + 1
        with transaction(session):
            member.failed_logins = failures
            member.next_attempt_at = now + SLOW_DOWN if failures >= SLOW_DOWN_AFTER else None
            if failures >= LOCK_AFTER:
                member.locked_until, member.failed_logins, member.next_attempt_at = now + LOCK_FOR, 0, None
        return LoginResult(None, "locked" if failures >= LOCK_AFTER else "wrong")
    with transaction(session):
        member.failed_logins, member.next_attempt_at, member.locked_until = 0, None, None
    return LoginResult(member)


def log_out_everywhere(session: Session, member_id: int) -> None:
    with transaction(session):
        session.execute(update(StaffMember).where(StaffMember.id == member_id)
                        .values(session_version=StaffMember.session_version + 1))
