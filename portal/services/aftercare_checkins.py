"""The after-care check-in: a short message with a single-use link at each contact moment, and the resident's answer.

`flask send-aftercare-checkins` runs daily (cron). For every active after-care whose current moment has come
(rules/aftercare_checkin.py: only the newest due moment, never an older one late), it makes a random token, keeps
only its sha256 on the moment, and queues the message in the same transaction, by the way the resident chose
(outbox.route_to: e-mail, sms or a letter; someone who chose only calls gets no message, the coordinators call).
A moment is claimed by a conditional update first, and the outbox's dedupe key ("checkin:<moment id>") holds the
same line, so two runs at once send one message.

The answer (/nazorg/<token>) is stored on the moment in one transaction that also spends the token, marks the
moment done, asks for a call (the case goes to the top of the after-care queue) or ends after-care when the
resident needs nothing more. A used, unknown, expired or ended link gets one answer: it does not work.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.db import transaction, utcnow
from portal.domain.aftercare import NazorgEnd, NazorgState
from portal.domain.messages import MessageChannel, MessageKind
from portal.models import Aanmelding, Municipality, Nazorgmoment, Nazorgtraject
from portal.rules import aftercare_checkin as rules
from portal.rules.deadlines import local_date
from portal.rules.token_hash import token_hash
from portal.rules.working_days import working_days_after
from portal.security import public_url
from portal.services import checkin_texts, outbox

# The resident page's address (portal/resident/checkin_views.py); built here without url_for, because the daily
# job runs outside a request. tests/services/test_aftercare_checkins.py checks the two agree.
CHECKIN_PATH = "/nazorg/"
TOKEN_BYTES = 32  # 43 characters in the link


def dedupe_key(moment_id: int) -> str:
    return f"checkin:{moment_id}"


@dataclass(frozen=True)
class SentCheckins:
    sent: dict[MessageChannel, int]
    without_route: int  # the resident chose no e-mail, sms or letter (or this deployment cannot send that way)

    def summary(self) -> str:
        by_channel = ", ".join(f"{self.sent.get(channel, 0)} by {channel}" for channel in MessageChannel)
        return (f"Queued {sum(self.sent.values())} after-care check-ins ({by_channel}); "
                f"{self.without_route} residents chose no way we can write to: the coordinators call them.")


def _waiting_trajects(session: Session, today: date) -> list[Nazorgtraject]:
    unsent_due = exists().where(Nazorgmoment.traject_id == Nazorgtraject.id, Nazorgmoment.due_on <= today,
                                Nazorgmoment.done_on.is_(None), Nazorgmoment.checkin_sent_at.is_(None))
    return list(session.scalars(
        select(Nazorgtraject).where(Nazorgtraject.state == NazorgState.ACTIVE, unsent_due)
        .options(selectinload(Nazorgtraject.moments),
                 joinedload(Nazorgtraject.aanmelding).joinedload(Aanmelding.municipality))
        .order_by(Nazorgtraject.id)))


def _claim(session: Session, moment_id: int, token: str, now: datetime) -> bool:
    """Give the moment its link unless another run did a moment ago, or a coordinator marked it done."""
    return session.execute(
        update(Nazorgmoment).where(Nazorgmoment.id == moment_id, Nazorgmoment.checkin_sent_at.is_(None),
                                   Nazorgmoment.done_on.is_(None))
        .values(checkin_token_hash=token_hash(token), checkin_sent_at=now)
        .execution_options(synchronize_session=False)).rowcount == 1


def send_due_checkins(session: Session, *, today: date | None = None, now: datetime | None = None) -> SentCheckins:
    """Queue a check-in for every active after-care whose current moment is due and has had none; one transaction
    per message. Needs an app context (the texts are translated, the link is built from PUBLIC_BASE_URL)."""
    now = now or utcnow()
    today = today or local_date(now)
    sent: Counter[MessageChannel] = Counter()
    without_route = 0
    for traject in _waiting_trajects(session, today):
        moment = rules.moment_to_send(traject.moments, today)
        if moment is None:
            continue
        route = outbox.route_to(traject.aanmelding)
        if route is None:
            without_route += 1
            continue
        token = secrets.token_urlsafe(TOKEN_BYTES)
        message = checkin_texts.composed_checkin(traject.aanmelding, route, public_url(CHECKIN_PATH + token),
                                                 rules.link_last_day(local_date(now)))
        try:
            with transaction(session):
                if not _claim(session, moment.id, token, now):
                    continue
                message.enqueue(session, MessageKind.AFTERCARE_CHECKIN, aanmelding_id=traject.aanmelding_id,
                                dedupe_key=dedupe_key(moment.id))
        except IntegrityError:  # another run queued this moment's message in the same instant
            continue
        sent[route[0]] += 1
    return SentCheckins(dict(sent), without_route)


class CheckinLinkGone(LookupError):
    """Used, unknown, expired, or its after-care ended: one answer for all, so a link tells nothing of a person."""


@dataclass(frozen=True)
class CheckinLink:
    municipality: Municipality


@dataclass(frozen=True)
class Answered:
    municipality: Municipality
    next_step: rules.NextStep
    call_by: date | None  # the last day we call, when the resident asked for a call
    ended: bool  # after-care stopped: the resident needs nothing more


def _usable_moment(session: Session, token: str, now: datetime) -> Nazorgmoment | None:
    if not token or len(token) > 100 or not token.isascii():
        return None
    moment = session.scalars(
        select(Nazorgmoment).where(Nazorgmoment.checkin_token_hash == token_hash(token))
        .options(joinedload(Nazorgmoment.traject).joinedload(Nazorgtraject.aanmelding)
                 .joinedload(Aanmelding.municipality))).first()
    if (moment is None or moment.answered_at is not None or moment.checkin_sent_at is None
            or moment.traject.state != NazorgState.ACTIVE or not rules.link_works(moment.checkin_sent_at, now)):
        return None
    return moment


def open_link(session: Session, token: str, *, now: datetime | None = None) -> CheckinLink:
    """The link's municipality, for the form's page. Changes nothing: mail scanners and link previews open links
    too. Raises CheckinLinkGone."""
    moment = _usable_moment(session, token, now or utcnow())
    if moment is None:
        raise CheckinLinkGone
    return CheckinLink(moment.traject.aanmelding.municipality)


def answer(session: Session, token: str, answers: rules.Answers, *, now: datetime | None = None) -> Answered:
    """Store the answers, spend the link and do what they ask, in one transaction. Raises CheckinLinkGone (nothing is
    stored then), also when the same link was sent twice at the same moment and the other one came first."""
    now = now or utcnow()
    today = local_date(now)
    with transaction(session):
        moment = _usable_moment(session, token, now)
        if moment is None:
            raise CheckinLinkGone
        spent = session.execute(
            update(Nazorgmoment).where(Nazorgmoment.id == moment.id,
                                       Nazorgmoment.checkin_token_hash == token_hash(token),
                                       Nazorgmoment.answered_at.is_(None))
            .values(checkin_token_hash=None, answered_at=now, money_now=answers.money_now,
                    new_bills=answers.new_bills, wants_call=answers.wants_call,
                    done_on=func.coalesce(Nazorgmoment.done_on, today))
            .execution_options(synchronize_session=False)).rowcount
        if spent != 1:
            raise CheckinLinkGone
        traject = moment.traject
        if answers.wants_call:
            # An earlier request not yet answered by a call keeps its place in the queue.
            traject.call_requested_at = traject.call_requested_at or now
        if answers.ends_aftercare:
            traject.state, traject.ended_on, traject.end_reason = NazorgState.ENDED, today, NazorgEnd.NEEDS_NOTHING
        municipality = traject.aanmelding.municipality
    call_by = working_days_after(today, rules.CALL_WITHIN_WORKING_DAYS) if answers.wants_call else None
    return Answered(municipality, answers.next_step, call_by, answers.ends_aftercare)
