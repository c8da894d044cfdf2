"""Staff login in two steps, password then a code from an authenticator app, with slow-down and lockout.

The same answer for a wrong e-mail and a wrong password. Wrong codes count as failed logins too, so the code cannot be
guessed with a known password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import StaffMember
from portal.rules import enrolment, totp
from portal.services.staff import _hasher, password_matches

SLOW_DOWN_AFTER = 3  # failures before each next try must wait
SLOW_DOWN = timedelta(seconds=10)
LOCK_AFTER = 6
LOCK_FOR = timedelta(minutes=15)
ENROLMENT_VALID_FOR = timedelta(days=7)
_DUMMY_HASH = _hasher.hash("a password nobody has")


@dataclass(frozen=True)
class LoginResult:
    member: StaffMember | None
    problem: str | None = None  # "wrong", "wait", "locked"; for codes also "reused", for set-up "stale", "enrolment"


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
    """The second step: a current code, never one accepted before."""
    now = now or utcnow()
    blocked = _blocked(member, now)
    if blocked:
        return LoginResult(None, blocked)
    step = totp.matching_step(member.totp_secret, code, now) if member.totp_confirmed and member.totp_secret else None
    if step is None:
        return LoginResult(None, _count_failure(session, member, now))
    # One conditional UPDATE: of two requests with the same code, only one can win.
    with transaction(session):
        won = session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id,
                   or_(StaffMember.totp_last_step.is_(None), StaffMember.totp_last_step < step))
            .values(totp_last_step=step, failed_logins=0, next_attempt_at=None, locked_until=None)
        ).rowcount
    session.refresh(member)
    return LoginResult(member) if won else LoginResult(None, "reused")


def start_set_up(session: Session, member: StaffMember) -> str:
    """A new key for this login only; returns the nonce the browser keeps. An unfinished earlier set-up ends."""
    nonce = secrets.token_urlsafe(32)
    with transaction(session):
        member.totp_pending_secret, member.totp_pending_nonce = totp.new_secret(), _nonce_hash(nonce)
    return nonce


def set_up_key(member: StaffMember, nonce: str | None) -> str | None:
    """The key to show, only to the browser whose login started this set-up, only while it is unfinished."""
    if member.totp_confirmed or not nonce or not member.totp_pending_nonce or not member.totp_pending_secret:
        return None
    if not hmac.compare_digest(member.totp_pending_nonce, _nonce_hash(nonce)):
        return None
    return member.totp_pending_secret


def confirm_set_up(session: Session, member: StaffMember, nonce: str | None, enrolment_code: str, code: str, *,
                   now: datetime | None = None) -> LoginResult:
    """The administrator's enrolment code and the first code from the new app.

    One conditional UPDATE: the set-up is taken over only as it was shown, and the enrolment code is used up.
    """
    now = now or utcnow()
    blocked = _blocked(member, now)
    if blocked:
        return LoginResult(None, blocked)
    key = set_up_key(member, nonce)
    if key is None:
        return LoginResult(None, "stale")
    typed_hash = enrolment.code_hash(enrolment_code)
    if not _enrolment_code_matches(member, typed_hash, now):
        problem = _count_failure(session, member, now)
        return LoginResult(None, "enrolment" if problem == "wrong" else problem)
    step = totp.matching_step(key, code, now)
    if step is None:
        return LoginResult(None, _count_failure(session, member, now))
    with transaction(session):
        won = session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id, StaffMember.totp_confirmed.is_(False),
                   StaffMember.totp_pending_nonce == _nonce_hash(nonce),
                   StaffMember.enrolment_code_hash == typed_hash)
            .values(totp_secret=key, totp_confirmed=True, totp_last_step=step, totp_pending_secret=None,
                    totp_pending_nonce=None, enrolment_code_hash=None, enrolment_expires_at=None, failed_logins=0,
                    next_attempt_at=None, locked_until=None)
        ).rowcount
    session.refresh(member)
    return LoginResult(member) if won else LoginResult(None, "stale")


def issue_enrolment_code(session: Session, member: StaffMember, *, now: datetime | None = None) -> str:
    """A new one-time code for setting up the app; an earlier one stops working. Shown once, stored as a hash."""
    code = enrolment.new_code()
    with transaction(session):
        member.enrolment_code_hash = enrolment.code_hash(code)
        member.enrolment_expires_at = (now or utcnow()) + ENROLMENT_VALID_FOR
    return code


def _enrolment_code_matches(member: StaffMember, typed_hash: str, now: datetime) -> bool:
    if not member.enrolment_code_hash or not member.enrolment_expires_at or member.enrolment_expires_at < now:
        return False
    return hmac.compare_digest(member.enrolment_code_hash, typed_hash)


def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def use_demo_secret(session: Session, member: StaffMember, secret: str) -> None:
    """Demo accounts only (the CLI refuses demo data in production): a published key, already set up."""
    with transaction(session):
        member.totp_secret, member.totp_confirmed = secret, True


def reset_two_factor(session: Session, email: str) -> tuple[StaffMember, str] | None:
    """A lost phone: open sessions end, and the next login sets up a new app with the enrolment code returned here."""
    member = session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()
    if member is None:
        return None
    with transaction(session):
        member.totp_secret, member.totp_confirmed, member.totp_last_step = None, False, None
        member.totp_pending_secret = member.totp_pending_nonce = None
        member.session_version += 1
    return member, issue_enrolment_code(session, member)


def _blocked(member: StaffMember, now: datetime) -> str | None:
    if member.locked_until and member.locked_until > now:
        return "locked"
    if member.next_attempt_at and member.next_attempt_at > now:
        return "wait"
    return None


def _count_failure(session: Session, member: StaffMember, now: datetime) -> str:
    """One atomic increment: requests sent at the same moment each count (a burst cannot share one failure).

    The counter goes back to 0 only at a successful login, so after a lock every further failure locks again.
    """
    with transaction(session):
        failures = session.execute(
            update(StaffMember).where(StaffMember.id == member.id)
            .values(failed_logins=StaffMember.failed_logins + 1).returning(StaffMember.failed_logins)
        ).scalar_one()
        if failures >= LOCK_AFTER:
            session.execute(update(StaffMember).where(StaffMember.id == member.id)
                            .values(locked_until=now + LOCK_FOR, next_attempt_at=None))
        elif failures >= SLOW_DOWN_AFTER:
            session.execute(update(StaffMember).where(StaffMember.id == member.id)
                            .values(next_attempt_at=now + SLOW_DOWN))
    session.refresh(member)
    return "locked" if failures >= LOCK_AFTER else "wrong"


def log_out_everywhere(session: Session, member_id: int) -> None:
    with transaction(session):
        session.execute(update(StaffMember).where(StaffMember.id == member_id)
                        .values(session_version=StaffMember.session_version + 1))
