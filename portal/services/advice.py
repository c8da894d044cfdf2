"""Anonymous questions: asking, picking up the answer with a code and secret words, replying, and the staff inbox."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.models import AdviceMessage, AdviceQuestion, StaffMember, StaffRole
from portal.rules.deadlines import local_date
from portal.rules.reference import new_reference, normalise_reference
from portal.rules.secret_words import new_secret, normalise_secret
from portal.services import audit

KEEP_FOR = timedelta(days=60)
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("niemand heeft deze woorden")


@dataclass(frozen=True)
class PickUp:
    code: str
    secret: str


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_reference(code).encode()).hexdigest()


def ask(session: Session, *, municipality_id: int, text: str, topic: str | None, group: str | None,
        callback_phone: str | None) -> PickUp:
    today = local_date(utcnow())
    with transaction(session):
        code = new_reference()
        while session.scalars(select(AdviceQuestion.id).where(AdviceQuestion.code_hash == _code_hash(code))).first():
            code = new_reference()
        secret = new_secret()
        question = AdviceQuestion(code_hash=_code_hash(code), secret_hash=_hasher.hash(secret),
                                  municipality_id=municipality_id, topic=topic or None, group=group or "none",
                                  callback_phone=callback_phone or None, asked_on=today, delete_on=today + KEEP_FOR,
                                  messages=[AdviceMessage(from_resident=True, text=text, written_on=today)])
        session.add(question)
    return PickUp(code=code, secret=secret)


def pick_up(session: Session, code: str, secret: str) -> AdviceQuestion | None:
    """The question, or None. The secret is always checked (against a dummy when the code is unknown), so a wrong
    code and a wrong secret take the same time."""
    question = session.scalars(select(AdviceQuestion).where(AdviceQuestion.code_hash == _code_hash(code))
                               .options(selectinload(AdviceQuestion.messages))).first()
    try:
        _hasher.verify(question.secret_hash if question else _DUMMY, normalise_secret(secret))
    except VerificationError:
        return None
    if question is None or question.delete_on < local_date(utcnow()):
        return None
    return question


def get_for_resident(session: Session, question_id: int | None) -> AdviceQuestion | None:
    if question_id is None:
        return None
    question = session.get(AdviceQuestion, question_id)
    return question if question and question.delete_on >= local_date(utcnow()) else None


def reply(session: Session, question_id: int, text: str) -> None:
    with transaction(session):
        question = session.get(AdviceQuestion, question_id)
        question.messages.append(AdviceMessage(from_resident=True, text=text, written_on=local_date(utcnow())))
        question.status = "open"


def may_answer(member: StaffMember) -> bool:
    return member.role != StaffRole.CASEWORKER or member.municipality.advice_partners_allowed


def inbox(session: Session, member: StaffMember) -> list[AdviceQuestion]:
    """Questions waiting for an answer, oldest first."""
    stmt = (select(AdviceQuestion).where(AdviceQuestion.municipality_id == member.municipality_id,
                                         AdviceQuestion.status == "open")
            .order_by(AdviceQuestion.asked_on, AdviceQuestion.id).options(selectinload(AdviceQuestion.messages)))
    return list(session.scalars(stmt))


def open_for_staff(session: Session, member: StaffMember, question_id: int) -> AdviceQuestion | None:
    question = session.get(AdviceQuestion, question_id)
    if question is None or question.municipality_id != member.municipality_id:
        return None
    audit.record(session, member, "view_question", detail=f"question {question.id}")
    return question


def answer(session: Session, member: StaffMember, question_id: int, text: str) -> bool:
    question = session.get(AdviceQuestion, question_id)
    if question is None or question.municipality_id != member.municipality_id:
        return False
    with transaction(session):
        question.messages.append(AdviceMessage(from_resident=False, staff_id=member.id, text=text,
                                               written_on=local_date(utcnow())))
        question.status = "answered"
    audit.record(session, member, "answer_question", detail=f"question {question.id}")
    return True


def close_after_signup(session: Session, question_id: int) -> None:
    with transaction(session):
        question = session.get(AdviceQuestion, question_id)
        if question is not None:
            question.status = "closed"


def purge_expired(session: Session) -> int:
    """Questions, answers and any call-back number go together, 60 days after the question was asked."""
    with transaction(session):
        today = local_date(utcnow())
        expired = list(session.scalars(select(AdviceQuestion.id).where(AdviceQuestion.delete_on < today)))
        if expired:
            session.execute(delete(AdviceMessage).where(AdviceMessage.question_id.in_(expired)))
            session.execute(delete(AdviceQuestion).where(AdviceQuestion.id.in_(expired)))
    return len(expired)
