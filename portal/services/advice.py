"""Anonymous questions: asking, picking up the answer with a code and secret words, replying, and the staff inbox."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from argon2.exceptions import VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from portal import passwords
from portal.db import transaction, utcnow
from portal.models import AdviceMessage, AdviceQuestion, AdviceSession, Municipality, StaffMember, StaffRole
from portal.rules.advice_thread import ThreadStatus, answer_due, thread_status
from portal.rules.deadlines import local_date
from portal.rules.reference import new_reference, normalise_reference
from portal.rules.secret_words import DEFAULT_LANGUAGE, Secret, new_secret, normalise_secret
from portal.rules.token_hash import token_hash
from portal.services import audit

KEEP_FOR = timedelta(days=60)
# Wrong secret words with one code, from any number of addresses, before the question locks (at least 800 000
# combinations in every language, secret_words.MIN_COMBINATIONS: ten guesses are a chance of about one in 80 000).
LOCK_AFTER = 10
SESSION_DAYS = 1  # a pick-up on a device works today and tomorrow at most; "Sluiten" ends it at once


@dataclass(frozen=True)
class PickUp:
    code: str
    secret: Secret
    answer_by: date


class QuestionLocked(Exception):
    """Too many wrong tries with this code: the resident calls the municipality."""

    def __init__(self, municipality: Municipality):
        super().__init__(municipality.slug)
        self.municipality = municipality


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_reference(code).encode()).hexdigest()


def ask(session: Session, *, municipality_id: int, text: str, topic: str | None, group: str | None,
        callback_phone: str | None, language: str = DEFAULT_LANGUAGE) -> PickUp:
    """Store the question; the secret comes in the reading `language` (its list, or digits for Tigrinya)."""
    today = local_date(utcnow())
    with transaction(session):
        code = new_reference()
        while session.scalars(select(AdviceQuestion.id).where(AdviceQuestion.code_hash == _code_hash(code))).first():
            code = new_reference()
        secret = new_secret(language)
        question = AdviceQuestion(code_hash=_code_hash(code),
                                  secret_hash=passwords.hasher().hash(normalise_secret(secret.text)),
                                  municipality_id=municipality_id, topic=topic or None, group=group or "none",
                                  callback_phone=callback_phone or None, asked_on=today, delete_on=today + KEEP_FOR,
                                  messages=[AdviceMessage(from_resident=True, text=text, written_on=today)])
        session.add(question)
    return PickUp(code=code, secret=secret, answer_by=answer_due(today))


def pick_up(session: Session, code: str, secret: str) -> str | None:
    """A token for the resident's cookie (its hash is the server-side session), or None for a wrong code or wrong
    words. The secret is always checked (against a dummy when the code is unknown), so both take the same time.

    Every try first takes one of the question's LOCK_AFTER tries with one conditional UPDATE, committed before the
    words are checked; the right words give it back. So tries in parallel, from any number of addresses, never get
    more than LOCK_AFTER guesses. A locked question raises QuestionLocked whatever words are typed: the words are not
    checked any more, so guessing on cannot find them.
    """
    today = local_date(utcnow())
    question = session.scalars(select(AdviceQuestion).where(AdviceQuestion.code_hash == _code_hash(code),
                                                            AdviceQuestion.delete_on >= today)).first()
    if question is None:
        _words_match(passwords.dummy_hash(), secret)
        return None
    with transaction(session):
        taken = session.execute(update(AdviceQuestion).where(AdviceQuestion.id == question.id,
                                                             AdviceQuestion.failed_tries < LOCK_AFTER)
                                .values(failed_tries=AdviceQuestion.failed_tries + 1)).rowcount
    session.refresh(question)
    if taken != 1:
        raise QuestionLocked(question.municipality)
    if not _words_match(question.secret_hash, secret):
        if question.failed_tries >= LOCK_AFTER:
            raise QuestionLocked(question.municipality)
        return None
    token = secrets.token_urlsafe(32)
    with transaction(session):
        session.execute(update(AdviceQuestion).where(AdviceQuestion.id == question.id)
                        .values(failed_tries=AdviceQuestion.failed_tries - 1))
        session.execute(delete(AdviceSession).where(AdviceSession.expires_on < today))
        session.add(AdviceSession(id_hash=token_hash(token), question_id=question.id,
                                  expires_on=today + timedelta(days=SESSION_DAYS)))
    return token


def _words_match(secret_hash: str, secret: str) -> bool:
    try:
        return passwords.hasher().verify(secret_hash, normalise_secret(secret))
    except VerificationError:
        return False


def get_for_resident(session: Session, token: str | None) -> AdviceQuestion | None:
    """The question this device picked up, while its server-side session exists; None means signed out."""
    if not token or not isinstance(token, str):
        return None
    today = local_date(utcnow())
    record = session.get(AdviceSession, token_hash(token))
    if record is None or record.expires_on < today:
        return None
    question = session.get(AdviceQuestion, record.question_id)
    return question if question and question.delete_on >= today else None


def status_of(question: AdviceQuestion) -> ThreadStatus:
    """Where the conversation stands today, and the day our next answer is due."""
    return thread_status(question.messages, went_to_signup=question.status == "closed", today=local_date(utcnow()))


def close_session(session: Session, token: str | None) -> None:
    """'Sluiten': this device's session ends on the server too, so a copy of the cookie opens nothing."""
    if not token or not isinstance(token, str):
        return
    with transaction(session):
        session.execute(delete(AdviceSession).where(AdviceSession.id_hash == token_hash(token)))


def reply(session: Session, question_id: int, text: str) -> None:
    with transaction(session):
        question = session.get(AdviceQuestion, question_id)
        question.messages.append(AdviceMessage(from_resident=True, text=text, written_on=local_date(utcnow())))
        question.status = "open"


def may_answer(member: StaffMember) -> bool:
    return member.role != StaffRole.CASEWORKER or member.municipality.advice_partners_allowed


@dataclass(frozen=True)
class Waiting:
    question: AdviceQuestion
    status: ThreadStatus  # its answer_by is the day the resident was told


def inbox(session: Session, member: StaffMember) -> list[Waiting]:
    """Questions waiting for an answer, the one due first on top (a reply to an old question waits its turn)."""
    stmt = (select(AdviceQuestion).where(AdviceQuestion.municipality_id == member.municipality_id,
                                         AdviceQuestion.status == "open")
            .order_by(AdviceQuestion.asked_on, AdviceQuestion.id).options(selectinload(AdviceQuestion.messages)))
    waiting = sorted((Waiting(q, status_of(q)) for q in session.scalars(stmt)),
                     key=lambda w: (w.status.answer_by or w.status.last_written_on, w.question.id))
    # The list shows each question's text, so looking at it is a view of those questions, just like opening one.
    shown = ",".join(str(w.question.id) for w in waiting)
    audit.record(session, member, "view_question_list", detail=f"{len(waiting)} questions: {shown}")
    return waiting


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
        session.execute(delete(AdviceSession).where(AdviceSession.expires_on < today))
        if expired:
            session.execute(delete(AdviceSession).where(AdviceSession.question_id.in_(expired)))
            session.execute(delete(AdviceMessage).where(AdviceMessage.question_id.in_(expired)))
            session.execute(delete(AdviceQuestion).where(AdviceQuestion.id.in_(expired)))
    return len(expired)
