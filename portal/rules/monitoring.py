"""Monitoring figures from plain rows: what the municipality counts and tells (VNG principles). No database here.

First contact is measured twice, against the municipality's promise and against the legal deadline, each over its own
base: the cases that had their first contact, and the cases nobody reached whose own deadline has passed (those count
as late, so waiting never hides delay). A case nobody reached yet whose deadline is still ahead is in neither part:
it is counted as still within the term.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from portal.domain.signup_channels import SignupChannel


@dataclass(frozen=True)
class CaseRow:
    signed_up: date
    source: str | None
    group: str
    crisis: bool
    first_contact_due: date
    legal_deadline: date
    first_contact: date | None  # the municipality's local day (portal/rules/deadlines.local_date)
    closed_reason: str | None
    channel: SignupChannel = SignupChannel.SELF  # portal/rules/signup_channel.signup_channel
    # For the council report (rules/council_report.py): what the sign-up was about, and the local day it closed.
    topics: tuple[str, ...] = ()  # domain Topic
    closed_on: date | None = None


@dataclass(frozen=True)
class SelfTestRow:
    day: date
    source: str
    group: str
    route: str
    crisis: bool
    count: int


@dataclass(frozen=True)
class DeadlineFigure:
    """Against one deadline: reached on or before it, late (reached after it, or not reached and it passed), and not
    reached yet with the deadline still ahead (outside the base)."""

    in_time: int
    late: int
    pending: int

    @property
    def base(self) -> int:
        return self.in_time + self.late

    @property
    def share(self) -> float | None:
        return round(100 * self.in_time / self.base, 1) if self.base else None


@dataclass
class Week:
    start: date
    signups: int = 0
    signups_crisis: int = 0
    signups_by_source: Counter = field(default_factory=Counter)
    signups_by_group: Counter = field(default_factory=Counter)
    signups_by_channel: Counter = field(default_factory=Counter)
    selftests: int = 0
    selftests_crisis: int = 0
    selftests_by_route: Counter = field(default_factory=Counter)
    selftests_by_source: Counter = field(default_factory=Counter)
    selftests_by_group: Counter = field(default_factory=Counter)


@dataclass
class Figures:
    weeks: list[Week]
    signups: int
    contacted: int
    promise: DeadlineFigure
    legal: DeadlineFigure
    median_days_to_first_contact: float | None
    closing_reasons: Counter

    def total(self, attribute: str) -> Counter:
        """A week counter (e.g. "signups_by_channel") summed over all weeks."""
        result = Counter()
        for week in self.weeks:
            result.update(getattr(week, attribute))
        return result


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def deadline_figure(cases: list[CaseRow], deadline_of, today: date) -> DeadlineFigure:
    in_time = late = pending = 0
    for row in cases:
        deadline = deadline_of(row)
        if row.first_contact is not None:
            if row.first_contact <= deadline:
                in_time += 1
            else:
                late += 1
        elif today > deadline:
            late += 1
        else:
            pending += 1
    return DeadlineFigure(in_time=in_time, late=late, pending=pending)


def figures(cases: list[CaseRow], selftests: list[SelfTestRow], *, first_week: date, last_week: date,
            today: date) -> Figures:
    weeks = {}
    start = week_start(first_week)
    while start <= week_start(last_week):
        weeks[start] = Week(start)
        start += timedelta(weeks=1)
    for row in cases:
        week = weeks.get(week_start(row.signed_up))
        if week:
            week.signups += 1
            week.signups_crisis += row.crisis
            week.signups_by_source[row.source or ""] += 1
            week.signups_by_group[row.group] += 1
            week.signups_by_channel[row.channel] += 1
    for row in selftests:
        week = weeks.get(week_start(row.day))
        if week:
            week.selftests += row.count
            week.selftests_crisis += row.count if row.crisis else 0
            week.selftests_by_route[row.route] += row.count
            week.selftests_by_source[row.source or ""] += row.count
            week.selftests_by_group[row.group] += row.count
    in_range = [row for row in cases if week_start(row.signed_up) in weeks]
    contacted = [row for row in in_range if row.first_contact]
    days = [(row.first_contact - row.signed_up).days for row in contacted]
    return Figures(
        weeks=list(weeks.values()),
        signups=len(in_range),
        contacted=len(contacted),
        promise=deadline_figure(in_range, lambda row: row.first_contact_due, today),
        legal=deadline_figure(in_range, lambda row: row.legal_deadline, today),
        median_days_to_first_contact=median(days) if days else None,
        closing_reasons=Counter(row.closed_reason for row in in_range if row.closed_reason),
    )
