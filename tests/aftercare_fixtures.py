"""After-care test data: a closed case's after-care as the close makes it (services/aftercare.start_on_close), moved
in time when a test needs its moments due."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from portal.db import utcnow
from portal.domain.aftercare import NazorgState
from portal.models.aftercare import Nazorgmoment, Nazorgtraject
from portal.rules import aftercare as rules
from portal.rules.deadlines import local_date
from portal.rules.token_hash import token_hash

# The check-in tests' name for the rule (rules/aftercare.add_months).
add_months = rules.add_months


def make_traject(session, case, *, started_on: date | None = None, months=(1, 3, 6), done=(),
                 call_requested_at: datetime | None = None, signal_at: datetime | None = None,
                 state: NazorgState = NazorgState.ACTIVE, ended_on: date | None = None, end_reason: str | None = None,
                 household_digest: str | None = None, assigned_to_id: int | None = None) -> Nazorgtraject:
    """After-care of `case` (closed as helped), started on `started_on` (default today); `done`: the moment numbers
    marked done on their due day."""
    started_on = started_on or local_date(utcnow())
    case.status, case.closed_reason = "closed", "helped"
    case.closed_at = datetime.combine(started_on, datetime.min.time()).replace(tzinfo=utcnow().tzinfo) + \
        timedelta(hours=12)
    dues = rules.due_dates(started_on, months)
    traject = Nazorgtraject(
        municipality_id=case.municipality_id, aanmelding_id=case.id, started_on=started_on, state=state,
        ended_on=ended_on, end_reason=end_reason, call_requested_at=call_requested_at, signal_at=signal_at,
        household_digest=household_digest, household_key_id="test" if household_digest else None,
        assigned_to_id=assigned_to_id,
        moments=[Nazorgmoment(number=n, months=m, due_on=due, done_on=due if n in done else None)
                 for n, (m, due) in enumerate(zip(months, dues, strict=True), start=1)])
    session.add(traject)
    session.commit()
    return traject


def months_ago(months: int, days: int = 0) -> date:
    """The day `months` calendar months (and `days` days) before today."""
    today = local_date(utcnow())
    index = today.month - 1 - months
    year, month = today.year + index // 12, index % 12 + 1
    return date(year, month, min(today.day, 28)) - timedelta(days=days)


def make_aftercare(session, case, *, months=(1, 3, 6), started_on: date | None = None,
                   state: NazorgState = NazorgState.ACTIVE) -> Nazorgtraject:
    """After-care of `case`, started on `started_on` (default: today), a moment `months` after it each; the case
    itself is left as it is."""
    started_on = started_on or date.today()
    traject = Nazorgtraject(municipality_id=case.municipality_id, aanmelding_id=case.id, started_on=started_on,
                            state=state)
    traject.moments = [Nazorgmoment(number=number, months=month, due_on=add_months(started_on, month))
                       for number, month in enumerate(months, start=1)]
    session.add(traject)
    session.commit()
    return traject


def give_link(session, moment: Nazorgmoment, *, sent_at: datetime | None = None) -> str:
    """A check-in link as the daily job gives one (its token; only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    moment.checkin_token_hash = token_hash(token)
    moment.checkin_sent_at = sent_at or utcnow()
    session.commit()
    return token
