"""The money check's storage: a short-lived anonymous draft, and an anonymous counter when a result is shown."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.groups import ResidentGroup
from portal.models import Municipality, SelfTestCount, SelfTestDraft
from portal.questionnaire.flow import Answers, relevant_answers
from portal.questionnaire.model import Question, Questionnaire
from portal.questionnaire.routing import Outcome, route_for
from portal.rules.deadlines import local_date
from portal.rules.token_hash import token_hash
from portal.services import referrals
from portal.services.municipalities import find_by_postcode

DRAFT_LIFETIME = timedelta(hours=12)


def draft_expiry(now: datetime) -> datetime:
    """The next whole hour after now + lifetime: a precise expiry would date the check's start to the microsecond."""
    end = now + DRAFT_LIFETIME
    hour = end.replace(minute=0, second=0, microsecond=0)
    return hour if hour == end else hour + timedelta(hours=1)



def start_draft(session: Session, questionnaire: Questionnaire) -> str:
    """Returns the token for the resident's session; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    with transaction(session):
        session.execute(delete(SelfTestDraft).where(SelfTestDraft.expires_at < utcnow()))
        session.add(SelfTestDraft(id_hash=token_hash(token), questionnaire_version=questionnaire.version, answers={},
                                  expires_at=draft_expiry(utcnow())))
    return token


# Every money-check page reads the draft, and every answer writes it: through the table (Core), not the ORM, whose
# identity map, change tracking and bulk-update synchronisation cost more CPU than the query (measured in the commit
# that made this change). A draft is read, never changed in place: every write is one UPDATE.
_DRAFTS = SelfTestDraft.__table__


@dataclass(frozen=True)
class Draft:
    id_hash: str
    answers: Answers
    outcome: dict | None
    expires_at: datetime


def get_draft(session: Session, token: str | None) -> Draft | None:
    """The draft of this token, if it has not expired."""
    if not token:
        return None
    row = session.execute(select(_DRAFTS.c.id_hash, _DRAFTS.c.answers, _DRAFTS.c.outcome, _DRAFTS.c.expires_at)
                          .where(_DRAFTS.c.id_hash == token_hash(token), _DRAFTS.c.expires_at >= utcnow())).first()
    return Draft(row.id_hash, row.answers or {}, row.outcome, row.expires_at) if row else None


def save_answer(session: Session, questionnaire: Questionnaire, token: str, question_id: str, answer, *,
                draft: Draft | None = None) -> Answers:
    """`draft`: the one this request already read (saves reading it again); None reads it."""
    with transaction(session):
        draft = draft or get_draft(session, token)
        if draft is None:
            raise LookupError("the draft expired")
        answers = relevant_answers(questionnaire, {**draft.answers, question_id: answer})
        # Answers of questions hidden by this change are dropped, so an old group's answers never count.
        saved = session.execute(update(_DRAFTS).where(_DRAFTS.c.id_hash == draft.id_hash,
                                                      _DRAFTS.c.expires_at >= utcnow()).values(answers=answers))
        if saved.rowcount != 1:
            raise LookupError("the draft expired")
    return answers


OUTSIDE = "outside"  # stored for a postcode outside every municipality we serve


@dataclass(frozen=True)
class Answered:
    answers: Answers  # all answers that still count after this one
    municipality: Municipality | None  # the one a postcode answer led to, for the view to remember


def answer(session: Session, questionnaire: Questionnaire, token: str, question: Question, given, *,
           draft: Draft | None = None) -> Answered:
    """Saves one answer. A postcode is reduced to its municipality at once: the postcode itself is never stored."""
    municipality = None
    if question.kind == "postcode" and given:
        municipality = find_by_postcode(session, given)
        given = municipality.slug if municipality else OUTSIDE
    elif question.kind == "postcode":
        given = ""
    return Answered(save_answer(session, questionnaire, token, question.id, given, draft=draft), municipality)


def _group_label(groups: tuple[str, ...]) -> str:
    return "+".join(sorted(groups)) or ResidentGroup.NONE.value


def finish(session: Session, questionnaire: Questionnaire, token: str, *, municipality: str | None,
           source: str | None) -> Outcome:
    """Compute the route, count it anonymously, and drop the raw answers: only the outcome stays until expiry."""
    with transaction(session):
        draft = get_draft(session, token)
        if draft is None:
            raise LookupError("the draft expired")
        if draft.outcome is not None:  # a refresh or second click counts once
            return stored_outcome(draft)[0]
        outcome = route_for(questionnaire, draft.answers)
        stored = asdict(outcome)
        stored["municipality"] = municipality
        # One count per draft, also for two requests at the same moment: only the request whose conditional UPDATE
        # stores the outcome counts; the other finds it stored and counts nothing.
        claimed = session.execute(update(_DRAFTS)
                                  .where(_DRAFTS.c.id_hash == draft.id_hash, _DRAFTS.c.counted.is_(False))
                                  .values(answers={}, outcome=stored, counted=True)).rowcount
        if claimed == 1:
            # A check outside every municipality is counted without one, as before; another's link counts only there.
            counted_in = "" if municipality == OUTSIDE else municipality or ""
            counted = referrals.counted_source(session, source, counted_in or None)
            _count(session, questionnaire, outcome, counted_in, counted or "")
    return outcome


def stored_outcome(draft: Draft) -> tuple[Outcome, str | None] | None:
    if draft.outcome is None:
        return None
    data = dict(draft.outcome)
    municipality = data.pop("municipality", None)
    return Outcome(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}), municipality


def carried_outcome(session: Session, token: str | None) -> dict | None:
    """The finished money check's outcome (never its answers) for a sign-up to carry over, if this device has one."""
    draft = get_draft(session, token)
    stored = stored_outcome(draft) if draft else None
    if not stored:
        return None
    outcome, _municipality = stored
    return {"route": outcome.route, "crisis": list(outcome.crisis), "groups": list(outcome.groups),
            "reasons": list(outcome.reasons), "flags": list(outcome.flags)}


def _count(session: Session, questionnaire: Questionnaire, outcome: Outcome, municipality: str, source: str) -> None:
    # The Amsterdam day, like monitoring's weeks: a check at 23:30 UTC in summer belongs to the next day here.
    # Only the day is stored, never the time.
    values = {"day": local_date(utcnow()), "municipality": municipality, "source": source,
              "group": _group_label(outcome.groups), "route": outcome.route, "crisis": outcome.is_crisis,
              "questionnaire_version": questionnaire.version, "count": 1}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SelfTestCount).values(**values)
    keys = [c.name for c in SelfTestCount.__table__.primary_key.columns]
    session.execute(statement.on_conflict_do_update(index_elements=keys,
                                                    set_={"count": SelfTestCount.count + 1}))


def delete_draft(session: Session, token: str | None) -> None:
    if not token:
        return
    with transaction(session):
        session.execute(delete(SelfTestDraft).where(SelfTestDraft.id_hash == token_hash(token)))


def purge_expired(session: Session) -> int:
    with transaction(session):
        result = session.execute(delete(SelfTestDraft).where(SelfTestDraft.expires_at < utcnow()))
    return result.rowcount

