"""After-care as a closed case would have it: a Nazorgtraject with its moments, written directly (the start of
after-care when a case closes is another part's; these tests need only its rows)."""

from __future__ import annotations

import calendar
import secrets
from datetime import date, datetime

from portal.db import utcnow
from portal.domain.aftercare import NazorgState
from portal.models import Nazorgmoment, Nazorgtraject
from portal.rules.token_hash import token_hash


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def make_aftercare(session, case, *, months=(1, 3, 6), started_on: date | None = None,
                   state: NazorgState = NazorgState.ACTIVE) -> Nazorgtraject:
    """After-care of `case`, started on `started_on` (default: today), a moment `months` after it each."""
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
