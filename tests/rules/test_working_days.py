from datetime import UTC, date, datetime

import pytest

from portal.rules.deadlines import first_contact_deadlines
from portal.rules.working_days import is_working_day, last_working_day_on_or_before, working_days_after


def at(day: date, hour: int = 10) -> datetime:
    # 10:00 UTC is 11:00 in Amsterdam in winter, 12:00 in summer: the same calendar day.
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.mark.parametrize("day,expected", [
    (date(2026, 12, 1), True),    # a Tuesday
    (date(2026, 12, 5), False),   # Saturday
    (date(2026, 12, 6), False),   # Sunday
    (date(2026, 4, 27), False),   # King's Day
    (date(2026, 4, 6), False),    # Easter Monday
    (date(2026, 12, 25), False),  # Christmas
    (date(2026, 12, 26), False),  # Second Day of Christmas (a Saturday anyway)
    (date(2026, 5, 14), False),   # Ascension Day
    (date(2026, 5, 25), False),   # Whit Monday
    (date(2027, 1, 1), False),    # New Year's Day
    (date(2026, 5, 5), True),     # Liberation Day is a day off only in lustrum years
    (date(2030, 5, 6), True),
])
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_crisis_on_a_friday_counts_monday_to_wednesday():
    deadlines = first_contact_deadlines(at(date(2026, 11, 27)), crisis=True, promise_days=14,
                                        promise_crisis_working_days=3)
    assert deadlines.legal == date(2026, 12, 2)  # Wednesday
    assert deadlines.target == date(2026, 12, 2)


def test_crisis_on_a_saturday_starts_counting_on_monday():
    assert working_days_after(date(2026, 11, 28), 3) == date(2026, 12, 2)


def test_crisis_around_easter():
    # Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
    assert working_days_after(date(2026, 4, 2), 3) == date(2026, 4, 9)


def test_crisis_before_kings_day():
    # Friday 24 April 2026: Monday 27 April is King's Day.
    assert working_days_after(date(2026, 4, 24), 3) == date(2026, 4, 30)


def test_crisis_before_christmas():
    # Wednesday 23 December 2026: 24th Thu, 25th and 26th holidays, 28th Mon, 29th Tue.
    assert working_days_after(date(2026, 12, 23), 3) == date(2026, 12, 29)


def test_a_municipality_may_promise_faster_in_a_crisis():
    deadlines = first_contact_deadlines(at(date(2026, 12, 1)), crisis=True, promise_days=14,
                                        promise_crisis_working_days=1)
    assert deadlines.target == date(2026, 12, 2) and deadlines.legal == date(2026, 12, 4)


def test_normal_sign_up_gets_the_promise_and_four_weeks():
    deadlines = first_contact_deadlines(at(date(2026, 11, 19)), crisis=False, promise_days=14,
                                        promise_crisis_working_days=3)
    assert deadlines.target == date(2026, 12, 3)  # Thursday 3 December
    assert deadlines.legal == date(2026, 12, 17)


def test_a_promise_on_a_weekend_is_kept_the_working_day_before():
    # Saturday 21 Nov + 14 days = Saturday 5 Dec -> Friday 4 Dec.
    deadlines = first_contact_deadlines(at(date(2026, 11, 21)), crisis=False, promise_days=14,
                                        promise_crisis_working_days=3)
    assert deadlines.target == date(2026, 12, 4)


def test_a_promise_on_christmas_is_kept_before_it():
    deadlines = first_contact_deadlines(at(date(2026, 12, 11)), crisis=False, promise_days=14,
                                        promise_crisis_working_days=3)
    assert deadlines.target == date(2026, 12, 24)


def test_the_day_follows_amsterdam_time_not_utc():
    # 23:30 UTC on Thursday 26 Nov is 00:30 on Friday in Amsterdam: three working days after Friday is Wednesday
    # 2 Dec; counted from the UTC Thursday it would be Tuesday 1 Dec.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    deadlines = first_contact_deadlines(late, crisis=True, promise_days=14, promise_crisis_working_days=3)
    assert deadlines.legal == date(2026, 12, 2)
    # Four weeks after Friday 27 Nov is Friday 25 Dec (from the UTC Thursday: the 24th); the promise of 14 days is
    # Friday 11 Dec (from Thursday: the 10th).
    calm = first_contact_deadlines(late, crisis=False, promise_days=14, promise_crisis_working_days=3)
    assert (calm.legal, calm.target) == (date(2026, 12, 25), date(2026, 12, 11))


def test_last_working_day_on_or_before():
    assert last_working_day_on_or_before(date(2026, 12, 27)) == date(2026, 12, 24)


def test_counting_agrees_with_a_day_by_day_count_over_seven_years():
    """The library's counting, with our meaning (the start day never counts), on every day of 2024-2030."""
    day = date(2024, 1, 1)
    while day.year <= 2030:
        expected, remaining = day, 3
        while remaining:
            expected = date.fromordinal(expected.toordinal() + 1)
            remaining -= is_working_day(expected)
        assert working_days_after(day, 3) == expected, day
        back = day
        while not is_working_day(back):
            back = date.fromordinal(back.toordinal() - 1)
        assert last_working_day_on_or_before(day) == back, day
        day = date.fromordinal(day.toordinal() + 1)
