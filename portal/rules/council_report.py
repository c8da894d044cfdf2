"""The council report (raadsinformatie): a year's or a quarter's figures a municipality puts in its council letter,
from plain rows. Counts only, no person. No database here.

What counts where, for a period (a calendar year, or a quarter "2026-K3"; both ends inclusive):

- Sign-ups, per channel, reason and group: the cases that signed up in the period (their local day). Each case
  counts in exactly one channel and one group; a case counts once under every reason (topic) it chose, so the reasons
  add up to more than the sign-ups.
- First contact in time, against the promise and against the law apart: the same sign-ups, measured as the monitoring
  page does (rules/monitoring.deadline_figure, on `today`): not reached with the deadline passed is late; not reached
  with the deadline ahead is pending, outside the base.
- Results and drop-out: the cases CLOSED in the period (whenever they signed up). Drop-out is closing with no
  contact or withdrawn, as a share of all closed in the period.
- Help per partner: warm handovers made in the period, and of those the ones the partner accepted.
- Early warning: the households with a signal dated in the period (each once). Reach: households with at least one
  contact attempt that reached someone, over those households. Acceptance: households reached that accepted help
  (result in HELP_ACCEPTED), over those reached.
- After-care: trajectories started in the period and ended in the period. Relapse: of the trajectories STARTED in
  the period, those with a new early-warning signal during after-care (a Vroegsignaalzaak linked to the trajectory)
  or a check-in answered "new bills I cannot pay" — each trajectory once, even with both. A trajectory started late
  in the period has had less time to relapse; `watching` says how many are still inside the watch window
  (SIGNAL_WATCH_MONTHS) today.
- Client marks: the survey answers of the period's months, per quarter, through rules/survey_figures (a quarter with
  fewer than MIN_GROUP_SIZE answers shows only its n).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.aftercare import SIGNAL_WATCH_MONTHS
from portal.domain.casework import CloseReason
from portal.domain.early_warning import HELP_ACCEPTED
from portal.domain.groups import ResidentGroup
from portal.domain.signup_channels import SignupChannel
from portal.domain.topics import Topic
from portal.rules.calendar_months import add_months
from portal.rules.early_warning_monitoring import Share, SignalRow, breakdown
from portal.rules.monitoring import CaseRow, DeadlineFigure, deadline_figure
from portal.rules.survey_figures import AnswerRow, GroupFigure, by_quarter

DROP_OUT = (CloseReason.NO_CONTACT, CloseReason.WITHDRAWN)
FIRST_YEAR = 2020  # no municipality used the portal before; an earlier year is a typing error


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # 1..4; None: the whole year

    @property
    def first(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def last(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    @property
    def code(self) -> str:
        """"2026" or "2026-K3", as rules/survey_figures names quarters."""
        return str(self.year) if self.quarter is None else f"{self.year}-K{self.quarter}"

    @property
    def months(self) -> list[str]:
        """"2026-07", ... : the survey answers' months in the period."""
        first = self.first.month
        return [f"{self.year}-{month:02d}" for month in range(first, self.last.month + 1)]

    @property
    def quarters(self) -> list[str]:
        numbers = range(1, 5) if self.quarter is None else (self.quarter,)
        return [f"{self.year}-K{number}" for number in numbers]


_PERIOD = re.compile(r"(\d{4})(?:-K([1-4]))?")


def parse_period(text: str) -> Period | None:
    """"2026" or "2026-K3"; None for anything else."""
    match = _PERIOD.fullmatch(text or "")
    if not match:
        return None
    return Period(int(match[1]), int(match[2]) if match[2] else None)


def period_problem(year: int, quarter: int | None, today: date) -> str | None:
    """Why this period cannot be reported ("year" or "future"), or None. A quarter that has begun may be shown."""
    if not FIRST_YEAR <= year <= today.year:
        return "year"
    if quarter is not None and Period(year, quarter).first > today:
        return "future"
    return None


@dataclass(frozen=True)
class HandoverRow:
    partner: str  # the partner's name
    handed_over_on: date  # local day
    accepted: bool  # the partner accepted it (state now ACCEPTED)


@dataclass(frozen=True)
class AftercareRow:
    started_on: date
    ended_on: date | None
    end_reason: str | None  # domain NazorgEnd
    new_signal: bool  # a Vroegsignaalzaak with this trajectory's nazorg_id
    new_bills: bool  # any check-in answered new_bills=True


@dataclass(frozen=True)
class PartnerHelp:
    partner: str
    handed_over: int
    accepted: int


@dataclass(frozen=True)
class EarlyWarningReach:
    signals: int
    households: int
    reached: Share  # over the households
    accepted: Share  # over the households reached


@dataclass(frozen=True)
class Aftercare:
    started: int
    ended: int
    ended_by_reason: list[tuple[str, int]]
    relapse: Share  # over the trajectories started in the period
    watching: int  # started in the period and still inside the watch window today


@dataclass(frozen=True)
class CouncilReport:
    period: Period
    signups: int
    by_channel: list[tuple[str, int]]  # every channel, a zero too
    by_topic: list[tuple[str, int]]
    by_group: list[tuple[str, int]]
    promise: DeadlineFigure
    legal: DeadlineFigure
    closed: int
    results: list[tuple[str, int]]  # every close reason, a zero too
    drop_out: Share  # over the closed
    help_per_partner: list[PartnerHelp]
    early_warning: EarlyWarningReach
    aftercare: Aftercare
    marks: list[tuple[str, GroupFigure]]  # every quarter of the period, n=0 when nobody answered

    def count(self, rows: str, key: str) -> int:
        return dict(getattr(self, rows))[key]


def _every(counts: Counter, known: Iterable[str]) -> list[tuple[str, int]]:
    """Every member of the list in its order, a zero too; then values the list does not know (older data)."""
    known = list(known)
    return [(key, counts.get(key, 0)) for key in known] + sorted(
        (key, count) for key, count in counts.items() if key not in known)


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


def help_per_partner(partners: list[str], rows: list[HandoverRow], period: Period) -> list[PartnerHelp]:
    """Every partner named (zeros too), then any other partner a handover went to, by name."""
    in_period = [row for row in rows if row.handed_over_on in period]
    names = list(dict.fromkeys([*partners, *sorted({row.partner for row in in_period})]))
    return [PartnerHelp(name, sum(row.partner == name for row in in_period),
                        sum(row.partner == name and row.accepted for row in in_period)) for name in names]


def early_warning_reach(rows: list[SignalRow], period: Period) -> EarlyWarningReach:
    in_period = [row for row in rows if row.signalled_on in period]
    total = breakdown(in_period)
    households = {row.zaak_id: row for row in in_period}.values()
    accepted = sum(row.reached and row.result in HELP_ACCEPTED for row in households)
    return EarlyWarningReach(total.signals, total.households, total.reached, Share(accepted, total.reached.count))


def aftercare(rows: list[AftercareRow], period: Period, today: date) -> Aftercare:
    started = [row for row in rows if row.started_on in period]
    ended = [row for row in rows if row.ended_on in period]
    return Aftercare(
        started=len(started), ended=len(ended),
        ended_by_reason=sorted(Counter(row.end_reason or "" for row in ended).items()),
        relapse=Share(sum(row.new_signal or row.new_bills for row in started), len(started)),
        watching=sum(add_months(row.started_on, SIGNAL_WATCH_MONTHS) > today for row in started))


def marks(answers: list[AnswerRow], period: Period) -> list[tuple[str, GroupFigure]]:
    months = set(period.months)
    quarters = by_quarter([row for row in answers if row.month in months])
    return [(quarter, quarters[quarter][0] if quarter in quarters else GroupFigure(key="", n=0))
            for quarter in period.quarters]


def council_report(period: Period, *, cases: list[CaseRow], partners: list[str], handovers: list[HandoverRow],
                   signals: list[SignalRow], aftercare_rows: list[AftercareRow], answers: list[AnswerRow],
                   today: date) -> CouncilReport:
    signed_up = [row for row in cases if row.signed_up in period]
    closed = [row for row in cases if row.closed_reason and row.closed_on in period]
    results = Counter(row.closed_reason for row in closed)
    return CouncilReport(
        period=period,
        signups=len(signed_up),
        by_channel=_every(Counter(str(row.channel) for row in signed_up), _values(SignupChannel)),
        by_topic=_every(Counter(topic for row in signed_up for topic in dict.fromkeys(row.topics)), _values(Topic)),
        by_group=_every(Counter(row.group for row in signed_up), _values(ResidentGroup)),
        promise=deadline_figure(signed_up, lambda row: row.first_contact_due, today),
        legal=deadline_figure(signed_up, lambda row: row.legal_deadline, today),
        closed=len(closed),
        results=_every(results, _values(CloseReason)),
        drop_out=Share(sum(results[reason] for reason in DROP_OUT), len(closed)),
        help_per_partner=help_per_partner(partners, handovers, period),
        early_warning=early_warning_reach(signals, period),
        aftercare=aftercare(aftercare_rows, period, today),
        marks=marks(answers, period),
    )
