"""Staff login in two steps, password then a code from an authenticator app, with throttling instead of a lockout.

Throttling (NIST SP 800-63B 5.2.2, OWASP ASVS 5.0 6.3): every password or code check first reserves the account's
next attempt with one conditional UPDATE, so however many requests arrive at once, one is checked per window. The
window is short (ATTEMPT_LEASE) while a check runs, and after failures it grows: none for the first three, then 1 s,
2 s, 4 s ... up to a minute. The owner is slowed, never locked out by a stranger, except after 100 failures in a row:
then only the administrator unlocks (`flask unlock-staff`). The per-address limit on the forms (Flask-Limiter) comes
on top.

The password step answers the same, with the same work (one argon2 verify), whether the e-mail address is unknown,
the account disabled, throttled or locked, or the password wrong: nothing tells which addresses exist. Wrong codes
count as failed logins too, so the code cannot be guessed with a known password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal import passwords
from portal.db import transaction, utcnow
from portal.models import StaffMember
from portal.rules import enrolment, totp
from portal.services import staff_sessions
from portal.services.staff import password_matches

FREE_FAILURES = 3  # no wait after the first few: everybody mistypes
FIRST_DELAY = timedelta(seconds=1)  # then doubling after each further failure ...
MAX_DELAY = timedelta(seconds=60)  # ... up to this
HARD_LOCK_AFTER = 100  # failures in a row before only the administrator can unlock
ATTEMPT_LEASE = timedelta(seconds=5)  # longer than any one check takes; a crashed request frees it after this
ENROLMENT_VALID_FOR = timedelta(days=7)


@dataclass(frozen=True)
class LoginResult:
    member: StaffMember | None
    # Why not, for the security log and the code step: "wrong", "unknown", "disabled", "wait", "locked"; for codes
    # also "reused", for set-up "stale", "enrolment". The password step shows one message for all of them.
    problem: str | None = None
    # The account tried, when there is one: the security log shows which account is being guessed at.
    account_id: int | None = None


def delay_after(failures: int) -> timedelta:
    """How long the next attempt waits after this many failures in a row."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES - 1, 16)  # 2**16 s is far past the cap; more would overflow timedelta
    return min(FIRST_DELAY * 2 ** doublings, MAX_DELAY)


def log_in(session: Session, email: str, password: str) -> LoginResult:
    """The first step. A member returned here has no session yet: the code step (or its set-up) must follow.

    Every way through costs exactly one argon2 verify: against the account's hash when an attempt was reserved,
    against a dummy hash otherwise (unknown, disabled, throttled, locked), so the time taken tells nothing either.
    """
    member = session.scalars(select(StaffMember).where(StaffMember.email == email.strip().lower())).first()
    problem = _refusal(session, member)
    session.commit()  # hold no connection through the slow check: a burst of requests must not empty the pool
    if problem:
        password_matches(StaffMember(password_hash=passwords.dummy_hash()), password)
        return LoginResult(None, problem, member.id if member else None)
    if not password_matches(member, password):
        return LoginResult(None, _count_failure(session, member), member.id)
    # The password alone is no login: failures go back to 0 only after the code, but the lease is freed.
    _release(session, member)
    return LoginResult(member)


def _refusal(session: Session, member: StaffMember | None) -> str | None:
    """None when this request may check a password or code now (and has reserved that); else why not."""
    if member is None:
        return "unknown"
    if not member.active:
        return "disabled"
    if _reserve_attempt(session, member):
        return None
    session.refresh(member)
    return "locked" if member.locked_at else "wait"


def _reserve_attempt(session: Session, member: StaffMember) -> bool:
    """One conditional UPDATE: of requests arriving at once, exactly one gets the attempt; the others see the lease.

    The database decides (a row lock on PostgreSQL, the write lock on SQLite), so this holds across workers.
    """
    now = utcnow()
    with transaction(session):
        return session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id, StaffMember.active.is_(True), StaffMember.locked_at.is_(None),
                   or_(StaffMember.next_attempt_at.is_(None), StaffMember.next_attempt_at <= now))
            .values(next_attempt_at=now + ATTEMPT_LEASE)
        ).rowcount == 1


def _release(session: Session, member: StaffMember) -> None:
    with transaction(session):
        session.execute(update(StaffMember).where(StaffMember.id == member.id).values(next_attempt_at=None))


def _count_failure(session: Session, member: StaffMember) -> str:
    """One atomic increment (requests cannot share one failure), then the wait that count earns, from now."""
    now = utcnow()
    with transaction(session):
        failures = session.execute(
            update(StaffMember).where(StaffMember.id == member.id)
            .values(failed_logins=StaffMember.failed_logins + 1).returning(StaffMember.failed_logins)
        ).scalar_one()
        delay = delay_after(failures)
        session.execute(update(StaffMember).where(StaffMember.id == member.id).values(
            next_attempt_at=now + delay if delay else None,
            locked_at=now if failures >= HARD_LOCK_AFTER else None))
    session.refresh(member)
    return "locked" if member.locked_at else "wrong"


def check_code(session: Session, member: StaffMember, code: str, *, now: datetime | None = None) -> LoginResult:
    """The second step: a current code, never one accepted before. Throttled like the password."""
    now = now or utcnow()
    problem = _refusal(session, member)
    if problem:
        return LoginResult(None, problem)
    step = totp.matching_step(member.totp_secret, code, now) if member.totp_confirmed and member.totp_secret else None
    if step is None:
        return LoginResult(None, _count_failure(session, member))
    # One conditional UPDATE: of two requests with the same code, only one can win.
    with transaction(session):
        won = session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id,
                   or_(StaffMember.totp_last_step.is_(None), StaffMember.totp_last_step < step))
            .values(totp_last_step=step, failed_logins=0, next_attempt_at=None)
        ).rowcount
    session.refresh(member)
    if not won:
        _release(session, member)
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
    key = set_up_key(member, nonce)
    if key is None:
        return LoginResult(None, "stale")
    problem = _refusal(session, member)
    if problem:
        return LoginResult(None, problem)
    typed_hash = enrolment.code_hash(enrolment_code)
    if not _enrolment_code_matches(member, typed_hash, now):
        problem = _count_failure(session, member)
        return LoginResult(None, "enrolment" if problem == "wrong" else problem)
    step = totp.matching_step(key, code, now)
    if step is None:
        return LoginResult(None, _count_failure(session, member))
    with transaction(session):
        won = session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id, StaffMember.totp_confirmed.is_(False),
                   StaffMember.totp_pending_nonce == _nonce_hash(nonce),
                   StaffMember.enrolment_code_hash == typed_hash)
            .values(totp_secret=key, totp_confirmed=True, totp_last_step=step, totp_pending_secret=None,
                    totp_pending_nonce=None, enrolment_code_hash=None, enrolment_expires_at=None, failed_logins=0,
                    next_attempt_at=None)
        ).rowcount
    session.refresh(member)
    if not won:
        _release(session, member)
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
        staff_sessions.delete_all(session, member.id)
    return member, issue_enrolment_code(session, member)
