"""Early-warning figures as Divosa's monitor asks them, from plain rows. No database here.

One row per signal (Vroegsignaal) with what its household's case (Vroegsignaalzaak) shows now: its approach, whether
any contact attempt reached the household, and its end result. A month is the month of the signal date.

- Signals per 1 000 inhabitants per month: a month still running is not a whole month, so it gets no rate (it would
  look low); the average is over the whole months only. Without the number of inhabitants there is no rate at all.
- A household counts once in a month however many signals it had then; over the whole period once too. A household
  with signals in two months counts in both months.
- Shares are over households (the base, shown beside each share): reached = at least one contact attempt that
  reached someone; accepted help = closed with a result in HELP_ACCEPTED. Open cases stay in the base: a household
  nobody has reached yet is not reached.
- Per partner type a household counts with every type that reported it, so those rows add up to more than the
  households; per approach each household counts once (a case has one approach).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from portal.domain.early_warning import HELP_ACCEPTED, Approach, SignaalpartnerType

PER_INHABITANTS = 1000  # Divosa's rate: signals per 1 000 inhabitants per month


@dataclass(frozen=True)
class SignalRow:
    signalled_on: date
    partner_type: str  # DDAS EnumSignaalpartner
    zaak_id: int
    approach: str  # domain Approach
    reached: bool  # any Contactpoging of the case with bereikt
    result: str | None  # DDAS EnumEindresultaat; None while open


@dataclass(frozen=True)
class VisitRow:
    """Anonymous visits of outreach letters' links on one day (models.VisitCount)."""

    day: date
    count: int


@dataclass(frozen=True)
class Share:
    count: int
    base: int

    @property
    def share(self) -> float | None:
        return round(100 * self.count / self.base, 1) if self.base else None


@dataclass(frozen=True)
class Breakdown:
    """Signals, households and the two shares of one part: a month, a partner type, an approach, or all."""

    signals: int
    households: int
    reached: Share
    accepted: Share


@dataclass(frozen=True)
class Month:
    start: date  # the first day of the month
    complete: bool  # the whole month lies before today
    figures: Breakdown
    per_thousand: float | None  # signals per 1 000 inhabitants; None: month still running or inhabitants unknown
    visits: int


@dataclass(frozen=True)
class EarlyWarningFigures:
    per_inhabitants: ClassVar[int] = PER_INHABITANTS  # the pages say it from here

    first: date
    last: date
    inhabitants: int | None
    months: list[Month]
    total: Breakdown
    per_thousand_average: float | None  # over the whole months
    whole_months: int
    by_partner_type: list[tuple[str, Breakdown]]  # only the types that reported, in the list's order
    by_approach: list[tuple[str, Breakdown]]  # every approach, a zero too
    visits: int


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def per_thousand(signals: int, inhabitants: int | None) -> float | None:
    return round(PER_INHABITANTS * signals / inhabitants, 2) if inhabitants else None


def breakdown(rows: list[SignalRow]) -> Breakdown:
    cases = {row.zaak_id: row for row in rows}  # reached and result are the case's: any of its rows will do
    return Breakdown(
        signals=len(rows),
        households=len(cases),
        reached=Share(sum(row.reached for row in cases.values()), len(cases)),
        accepted=Share(sum(row.result in HELP_ACCEPTED for row in cases.values()), len(cases)),
    )


def _ordered(keys: Counter, known: list[str], *, all_known: bool) -> list[str]:
    """The list's own order (every member, or those present), then values the list does not know, as stored."""
    ordered = [key for key in known if all_known or key in keys]
    return ordered + sorted(key for key in keys if key not in known)


def figures(rows: list[SignalRow], visits: list[VisitRow], *, first: date, today: date,
            inhabitants: int | None) -> EarlyWarningFigures:
    """The months from the one holding `first` to the one holding `today`; rows outside are left out."""
    first = month_start(first)
    rows = [row for row in rows if first <= row.signalled_on <= today]
    visits = [visit for visit in visits if first <= visit.day <= today]
    months = []
    start = first
    while start <= today:
        end = next_month(start)
        in_month = [row for row in rows if start <= row.signalled_on < end]
        complete = end <= today
        result = breakdown(in_month)
        months.append(Month(start=start, complete=complete, figures=result,
                            per_thousand=per_thousand(result.signals, inhabitants) if complete else None,
                            visits=sum(visit.count for visit in visits if start <= visit.day < end)))
        start = end
    whole = [month for month in months if month.complete]
    average = (per_thousand(sum(month.figures.signals for month in whole), inhabitants * len(whole))
               if whole and inhabitants else None)
    partner_types = Counter(row.partner_type for row in rows)
    approaches = Counter(row.approach for row in rows)
    return EarlyWarningFigures(
        first=first, last=today, inhabitants=inhabitants, months=months, total=breakdown(rows),
        per_thousand_average=average, whole_months=len(whole),
        by_partner_type=[(key, breakdown([row for row in rows if row.partner_type == key]))
                         for key in _ordered(partner_types, [m.value for m in SignaalpartnerType], all_known=False)],
        by_approach=[(key, breakdown([row for row in rows if row.approach == key]))
                     for key in _ordered(approaches, [m.value for m in Approach], all_known=True)],
        visits=sum(visit.count for visit in visits),
    )
