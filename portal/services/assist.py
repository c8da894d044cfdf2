"""Filling in together: a sign-up started by staff, or linked to them with a short one-time code."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.referrals import SignupChannel
from portal.models import AanmeldingDraft, AssistCode, StaffMember
from portal.rules.reference import ALPHABET

CODE_LIFETIME = timedelta(minutes=30)
CODE_LENGTH = 6
# The first characters find the code; the rest must match. Wrong rests count against that one code, from any
# address, and at LOCK_AFTER the code stops working (the staff member makes a new one): with 18 characters, four to
# guess and five tries, a code is guessed about once in 21 000 codes, however many addresses try.
LOOKUP_LENGTH = 2
LOCK_AFTER = 5


def _clean(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def _lookup_hash(code: str) -> str:
    return hashlib.sha256(_clean(code)[:LOOKUP_LENGTH].encode()).hexdigest()


def _live(lookup_hash: str):
    return (AssistCode.lookup_hash == lookup_hash, AssistCode.used_at.is_(None), AssistCode.expires_at > utcnow(),
            AssistCode.failed_tries < LOCK_AFTER)


def make_code(session: Session, member: StaffMember) -> str:
    with transaction(session):
        for _ in range(50):  # no two live codes start alike, so a wrong try counts against exactly one code
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if session.scalars(select(AssistCode.id).where(*_live(_lookup_hash(code)))).first() is None:
                break
        session.add(AssistCode(code_hash=_hash(code), lookup_hash=_lookup_hash(code), staff_id=member.id,
                               expires_at=utcnow() + CODE_LIFETIME))
    return f"{code[:3]} {code[3:]}"


def redeem(session: Session, code: str) -> int | None:
    """The staff member's id, once: a second use of the same code links nothing.

    Every try first takes one of the code's LOCK_AFTER tries with one conditional UPDATE; the right code gives it back
    when it claims the code. So parallel tries never get more than LOCK_AFTER guesses at one code.
    """
    if len(_clean(code)) != CODE_LENGTH:
        return None
    lookup = _lookup_hash(code)
    with transaction(session):
        taken = session.execute(update(AssistCode).where(*_live(lookup))
                                .values(failed_tries=AssistCode.failed_tries + 1)).rowcount
        if not taken:
            return None
        claimed = session.execute(update(AssistCode).where(AssistCode.lookup_hash == lookup,
                                                           AssistCode.code_hash == _hash(code),
                                                           AssistCode.used_at.is_(None),
                                                           AssistCode.expires_at > utcnow(),
                                                           AssistCode.failed_tries <= LOCK_AFTER)
                                  .values(used_at=utcnow(), failed_tries=AssistCode.failed_tries - 1))
        if claimed.rowcount != 1:
            return None
        return session.scalars(select(AssistCode.staff_id).where(AssistCode.code_hash == _hash(code))).one()


def mark_assisted(session: Session, draft_id: str, staff_id: int) -> None:
    with transaction(session):
        draft = session.get(AanmeldingDraft, draft_id)
        if draft is not None:
            draft.context = {**draft.context, "channel": SignupChannel.ASSISTED, "assisted_by": staff_id}
