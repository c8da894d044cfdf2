"""Filling in together: a sign-up started by staff, or linked to them with a short one-time code."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import AanmeldingDraft, AssistCode, StaffMember
from portal.rules.reference import ALPHABET

CODE_LIFETIME = timedelta(minutes=30)
CODE_LENGTH = 6


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").replace("-", "").encode()).hexdigest()


def make_code(session: Session, member: StaffMember) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    with transaction(session):
        session.add(AssistCode(code_hash=_hash(code), staff_id=member.id, expires_at=utcnow() + CODE_LIFETIME))
    return f"{code[:3]} {code[3:]}"


def redeem(session: Session, code: str) -> int | None:
    """The staff member's id, once: a second use of the same code links nothing."""
    with transaction(session):
        found = session.scalars(select(AssistCode).where(AssistCode.code_hash == _hash(code))).first()
        if found is None or found.used_at is not None or found.expires_at < utcnow():
            return None
        claimed = session.execute(update(AssistCode).where(AssistCode.id == found.id, AssistCode.used_at.is_(None))
                                  .values(used_at=utcnow()))
        return found.staff_id if claimed.rowcount == 1 else None


def mark_assisted(session: Session, draft_id: str, staff_id: int) -> None:
    with transaction(session):
        draft = session.get(AanmeldingDraft, draft_id)
        if draft is not None:
            draft.context = {**draft.context, "channel": "assisted", "assisted_by": staff_id}
