"""Staff login in two steps, password then a code from an authenticator app, with slow-down and lockout.

The same answer for a wrong e-mail and a wrong password. Wrong codes count as failed logins too, so the code cannot be
guessed with a known password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import StaffMember
from portal.rules import totp
from portal.services.staff import _hasher, password_matches

SLOW_DOWN_AFTER = 3  # failures before each next try must wait
SLOW_DOWN = timedelta(seconds=10)
LOCK_AFTER = 6
LOCK_FOR = timedelta(minutes=15)
_DUMMY_HASH = _hasher.hash("a password nobody has")


@dataclass(frozen=True)
class LoginResult:
    member: StaffMember | None
    problem: str | None = None  # "wrong", "wait", "locked"; for codes also "reused"


def log_in(session: Session, email: str, password: str) -> LoginResult:
    """The first step. A member returned here has no session yet: the code step (or its set-up) must follow."""
    member = session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()
    now = utcnow()
    if member is None or not member.active:
        password_matches(StaffMember(password_hash=_DUMMY_HASH), password)  # same time as a real check
        return LoginResult(None, "wrong")
    blocked = _blocked(member, now)
    if blocked:
        return LoginResult(None, blocked)
    if not password_matches(member, password):
        return LoginResult(None, _count_failure(session, member, now))
    return LoginResult(member)


def check_code(session: Session, member: StaffMember, code: str, *, now: datetime | None = None) -> LoginResult:
    """The second step: a current code, never one accepted before. Confirms a set-up on first success."""
    now = now or utcnow()
    blocked = _blocked(member, now)
    if blocked:
        return LoginResult(None, blocked)
    step = totp.matching_step(member.totp_secret or "", code, now) if member.totp_secret else None
    if step is None:
        return LoginResult(None, _count_failure(session, member, now))
    # One conditional UPDATE: of two requests with the same code, only one can win.
    with transaction(session):
        won = session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id,
                   or_(StaffMember.totp_last_step.is_(None), StaffMember.totp_last_step < step))
            .values(totp_last_step=step, totp_confirmed=True, failed_logins=0, next_attempt_at=None,
                    locked_until=None)
        ).rowcount
    session.refresh(member)
    return LoginResult(member) if won else LoginResult(None, "reused")


def set_up_secret(session: Session, member: StaffMember) -> str:
    """The secret to put in the app. Kept while set-up is unfinished, so a scan that was already made still works."""
    if member.totp_confirmed:
        raise ValueError("two-factor sign-in is already set up; an administrator resets it")
    if not member.totp_secret:
        with transaction(session):
            member.totp_secret, member.totp_last_step = totp.new_secret(), None
    return member.totp_secret


def use_demo_secret(session: Session, member: StaffMember, secret: str) -> None:
    """Demo accounts only (the CLI refuses demo data in production): a published key, already set up."""
    with transaction(session):
        member.totp_secret, member.totp_confirmed = secret, True


def reset_two_factor(session: Session, email: str) -> StaffMember | None:
    """A lost phone: the next login sets up a new secret. Open sessions end too."""
    member = session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()
    if member is not None:
        with transaction(session):
            member.totp_secret, member.totp_confirmed, member.totp_last_step = None, False, None
            member.session_version += 1
    return member


def _blocked(member: StaffMember, now: datetime) -> str | None:
    if member.locked_until and member.locked_until > now:
        return "locked"
    if member.next_attempt_at and member.next_attempt_at > now:
        return "wait"
    return None


def _count_failure(session: Session, member: StaffMember, now: datetime) -> str:
    failures = member.failed_logins + 1
    with transaction(session):
        member.failed_logins = failures
        member.next_attempt_at = now + SLOW_DOWN if failures >= SLOW_DOWN_AFTER else None
        if failures >= LOCK_AFTER:
            member.locked_until, member.failed_logins, member.next_attempt_at = now + LOCK_FOR, 0, None
    return "locked" if failures >= LOCK_AFTER else "wrong"


def log_out_everywhere(session: Session, member_id: int) -> None:
    with transaction(session):
        session.execute(update(StaffMember).where(StaffMember.id == member_id)
                        .values(session_version=StaffMember.session_version + 1))
