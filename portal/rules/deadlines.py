"""When the first conversation must take place after a sign-up.

The law (Wgs art. 5): within 4 weeks of the sign-up; within 3 working days when the situation threatens
(eviction, cut-off of energy or water, termination of health insurance). The municipality may promise sooner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from portal.rules.working_days import last_working_day_on_or_before, working_days_after

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The only place these numbers are written down: checks, database constraints and messages read them from here.
LEGAL_WEEKS = 4
LEGAL_DAYS = LEGAL_WEEKS * 7
LEGAL_CRISIS_WORKING_DAYS = 3


@dataclass(frozen=True)
class FirstContactDeadlines:
    target: date  # the municipality's promise: "we will call you before ..."
    legal: date  # the latest date the law allows


def local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def first_contact_deadlines(signed_up_at: datetime, *, crisis: bool, promise_days: int,
                            promise_crisis_working_days: int) -> FirstContactDeadlines:
    day = local_date(signed_up_at)
    if crisis:
        legal = working_days_after(day, LEGAL_CRISIS_WORKING_DAYS)
        target = working_days_after(day, min(promise_crisis_working_days, LEGAL_CRISIS_WORKING_DAYS))
        return FirstContactDeadlines(target=target, legal=legal)
    legal = day + timedelta(weeks=LEGAL_WEEKS)
    # A promise that lands on a weekend or holiday is kept on the working day before it.
    target = last_working_day_on_or_before(day + timedelta(days=min(promise_days, LEGAL_DAYS)))
    return FirstContactDeadlines(target=target, legal=legal)
