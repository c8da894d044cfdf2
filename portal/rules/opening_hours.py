"""When a municipality answers the phone: one period per weekday, shown as spans of days with the same times.

Weekdays are numbers as Python's `date.weekday()` and Babel's day names count them (0 is Monday), so a page names
them in the reader's language; the data file spells them in English (`monday`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class OpeningHoursError(ValueError):
    """Opening hours that cannot be right; the message says which part."""


@dataclass(frozen=True)
class DaySpan:
    """`first`..`last` (weekday numbers, inclusive), all open from `opens` to `closes`."""

    first: int
    last: int
    opens: time
    closes: time


def hours_per_day(periods: list[tuple[list[str], time, time]]) -> dict[int, tuple[time, time]]:
    """Periods as a data file gives them (day names, opens, closes) as one (opens, closes) per weekday number."""
    per_day: dict[int, tuple[time, time]] = {}
    for days, opens, closes in periods:
        if not days:
            raise OpeningHoursError("a period needs at least one day")
        if opens >= closes:
            raise OpeningHoursError(f"opens at {opens:%H:%M} but closes at {closes:%H:%M}")
        for day in days:
            if day not in WEEKDAYS:
                raise OpeningHoursError(f"'{day}' is not a day (use {', '.join(WEEKDAYS)})")
            number = WEEKDAYS.index(day)
            if number in per_day:
                raise OpeningHoursError(f"'{day}' is given twice")
            per_day[number] = (opens, closes)
    if not per_day:
        raise OpeningHoursError("needs at least one period")
    return dict(sorted(per_day.items()))


def day_spans(per_day: dict[int, tuple[time, time]]) -> list[DaySpan]:
    """Consecutive days with the same times become one span (Monday to Friday), Monday first."""
    spans: list[DaySpan] = []
    for day, (opens, closes) in sorted(per_day.items()):
        last = spans[-1] if spans else None
        if last and last.last == day - 1 and (last.opens, last.closes) == (opens, closes):
            spans[-1] = DaySpan(last.first, day, opens, closes)
        else:
            spans.append(DaySpan(day, day, opens, closes))
    return spans
