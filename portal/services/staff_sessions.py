"""Staff sessions kept on the server: the cookie holds a random token, the database its sha256 and two times.

A request counts as signed in only while its row exists and is neither idle too long nor too old. So logging out,
"log out everywhere", disabling an account, a new password, role or municipality all end sessions by deleting rows,
and a copy of the cookie made before that opens nothing. Times are kept to the minute: enough for the limits,
no more detail about someone's working day than needed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import KeptForm, StaffMember, StaffSession
from portal.rules.token_hash import token_hash

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=10)  # a working day: a session never lives longer, however active
PENDING_LIMIT = timedelta(minutes=5)  # between the password and the code
# What was typed when the session ran out waits for the next login: the password and the code, no longer.
KEEP_TYPED_FOR = PENDING_LIMIT


@dataclass(frozen=True)
class Found:
    member: StaffMember | None
    expired: bool = False  # the row was there but ran out: the login page says why
    expired_staff_id: int | None = None  # whose it was: only they get back what they were typing


@dataclass(frozen=True)
class Kept:
    endpoint: str
    fields: dict


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)



def open_session(session: Session, member: StaffMember, *, signed_in: bool, replaces: str | None = None) -> str:
    """A new row and the token for the cookie. `replaces` (the half-way session's token) is deleted in the same go."""
    token, now = secrets.token_urlsafe(32), _minute(utcnow())
    with transaction(session):
        if replaces:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(replaces)))
        session.add(StaffSession(staff_id=member.id, token_hash=token_hash(token), signed_in=signed_in, created_at=now,
                                 last_seen_at=now))
    return token


def find(session: Session, token: str | None, *, signed_in: bool, now: datetime | None = None) -> Found:
    """The account behind a cookie's token, if the row exists, is of the asked kind, in time, and the account active.

    A row that ran out is deleted here. The last-seen time is written at most once a minute.
    """
    if not token:
        return Found(None)
    now = now or utcnow()
    record = session.scalars(select(StaffSession).where(StaffSession.token_hash == token_hash(token),
                                                        StaffSession.signed_in.is_(signed_in))).first()
    if record is None or not record.member.active:
        return Found(None)
    if _ran_out(record, now):
        staff_id = record.staff_id
        end(session, token)
        return Found(None, expired=True, expired_staff_id=staff_id if record.signed_in else None)
    if signed_in and _minute(now) > record.last_seen_at:
        with transaction(session):
            session.execute(update(StaffSession).where(StaffSession.id == record.id)
                            .values(last_seen_at=_minute(now)))
    return Found(record.member)


def _ran_out(record: StaffSession, now: datetime) -> bool:
    if not record.signed_in:
        return now - record.created_at > PENDING_LIMIT
    return now - record.last_seen_at > IDLE_LIMIT or now - record.created_at > ABSOLUTE_LIMIT


def end(session: Session, token: str | None) -> None:
    if token:
        with transaction(session):
            session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))


def end_all(session: Session, member_id: int) -> int:
    """Every session of the account, on every device, also those half-way through the login. Returns how many."""
    with transaction(session):
        return delete_all(session, member_id)


def delete_all(session: Session, member_id: int) -> int:
    """end_all inside a transaction the caller owns, so an account change and its sessions' end commit together."""
    session.execute(delete(KeptForm).where(KeptForm.staff_id == member_id))
    return session.execute(delete(StaffSession).where(StaffSession.staff_id == member_id)).rowcount


def keep_form(session: Session, staff_id: int, *, endpoint: str, page: str, fields: dict) -> str:
    """Keeps what was typed for the next login of the same account; returns the token for the cookie.
    One kept form per account: a newer one replaces it."""
    token, now = secrets.token_urlsafe(32), utcnow()
    with transaction(session):
        session.execute(delete(KeptForm).where(or_(KeptForm.expires_at < now, KeptForm.staff_id == staff_id)))
        session.add(KeptForm(id_hash=token_hash(token), staff_id=staff_id, endpoint=endpoint, page=page,
                             fields=fields, expires_at=now + KEEP_TYPED_FOR))
    return token


def take_form(session: Session, token: str | None, member: StaffMember, page: str) -> Kept | None:
    """The kept fields, once: the row goes whether or not it fits (another account, another page, too late)."""
    if not token or not isinstance(token, str):
        return None
    with transaction(session):
        record = session.get(KeptForm, token_hash(token))
        if record is None:
            return None
        fits = record.staff_id == member.id and record.page == page and record.expires_at >= utcnow()
        kept = Kept(record.endpoint, dict(record.fields)) if fits else None
        session.delete(record)
    return kept


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Rows whose cookie could no longer open anything (run daily by `flask purge-expired`)."""
    now = now or utcnow()
    with transaction(session):
        session.execute(delete(KeptForm).where(KeptForm.expires_at < now))
        return session.execute(delete(StaffSession).where(or_(
            StaffSession.created_at < now - ABSOLUTE_LIMIT,
            StaffSession.last_seen_at < now - IDLE_LIMIT,
        ))).rowcount
