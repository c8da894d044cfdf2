"""Working days in the Netherlands: Monday to Friday, except Dutch public holidays.

The `holidays` package knows both the holidays and how to count working days over them; this module only fixes
the meaning our deadlines need (the start day itself never counts).
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays

# Years are added on first use (expand=True), so one calendar serves every year a deadline falls in.
_NL = holidays.NL()


def is_working_day(day: date) -> bool:
    return _NL.is_working_day(day)


def working_days_after(start: date, count: int) -> date:
    """The date `count` working days after `start` (the start day itself does not count)."""
    return _NL.get_nth_working_day(start, count) if count > 0 else start


def last_working_day_on_or_before(day: date) -> date:
    return _NL.get_nth_working_day(day + timedelta(days=1), -1)
