"""Monitoring figures from plain rows: what the municipality counts and tells (VNG principles). No database here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median


@dataclass(frozen=True)
class CaseRow:
    signed_up: date
    source: str | None
    group: str
    crisis: bool
    first_contact_due: date
    legal_deadline: date
    first_contact: date | None
    closed_reason: str | None


@dataclass(frozen=True)
class SelfTestRow:
    day: date
    source: str
    group: str
    route: str
    crisis: bool
    count: int


@dataclass
class Week:
    start: date
    signups: int = 0
    signups_crisis: int = 0
    signups_by_source: Counter = field(default_factory=Counter)
    signups_by_group: Counter = field(default_factory=Counter)
    selftests: int = 0
    selftests_crisis: int = 0
    selftests_by_route: Counter = field(default_factory=Counter)
    selftests_by_source: Counter = field(default_factory=Counter)
    selftests_by_group: Counter = field(default_factory=Counter)


@dataclass
class Figures:
    weeks: list[Week]
    contacted: int
    within_promise: int
    within_legal: int
    overdue_open: int
    median_days_to_first_contact: float | None
    closing_reasons: Counter

    def share(self, part: int) -> float | None:
        base = self.contacted + self.overdue_open
        return round(100 * part / base, 1) if base else None


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


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
            week.signups_by_source[row.source or "-"] += 1
            week.signups_by_group[row.group] += 1
    for row in selftests:
        week = weeks.get(week_start(row.day))
        if week:
            week.selftests += row.count
            week.selftests_crisis += row.count if row.crisis else 0
            week.selftests_by_route[row.route] += row.count
            week.selftests_by_source[row.source or "-"] += row.count
            week.selftests_by_group[row.group] += row.count
    in_range = [row for row in cases if week_start(row.signed_up) in weeks]
    contacted = [row for row in in_range if row.first_contact]
    # A case nobody has reached yet, past its promise, counts against the figures: otherwise waiting hides delay.
    overdue_open = [row for row in in_range if not row.first_contact and today > row.first_contact_due]
    days = [(row.first_contact - row.signed_up).days for row in contacted]
    return Figures(
        weeks=list(weeks.values()),
        contacted=len(contacted),
        within_promise=sum(row.first_contact <= row.first_contact_due for row in contacted),
        within_legal=sum(row.first_contact <= row.legal_deadline for row in contacted),
        overdue_open=len(overdue_open),
        median_days_to_first_contact=median(days) if days else None,
        closing_reasons=Counter(row.closed_reason for row in in_range if row.closed_reason),
    )
