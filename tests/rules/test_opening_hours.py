from datetime import time

import pytest

from portal.rules.opening_hours import DaySpan, OpeningHoursError, day_spans, hours_per_day

WEEK = ["monday", "tuesday", "wednesday", "thursday"]


def test_consecutive_days_with_the_same_times_are_one_span_and_a_short_friday_its_own():
    per_day = hours_per_day([(WEEK, time(9), time(16, 30)), (["friday"], time(9), time(12, 30))])
    assert day_spans(per_day) == [DaySpan(0, 3, time(9), time(16, 30)), DaySpan(4, 4, time(9), time(12, 30))]


def test_a_gap_splits_a_span_even_with_the_same_times():
    per_day = hours_per_day([(["monday", "tuesday", "thursday"], time(9), time(17))])
    assert day_spans(per_day) == [DaySpan(0, 1, time(9), time(17)), DaySpan(3, 3, time(9), time(17))]


def test_periods_in_any_order_come_out_monday_first():
    per_day = hours_per_day([(["saturday"], time(10), time(12)), (["monday"], time(9), time(17))])
    assert list(per_day) == [0, 5]


@pytest.mark.parametrize("periods,message", [
    ([(["monday"], time(17), time(9))], "opens at 17:00 but closes at 09:00"),
    ([(["maandag"], time(9), time(17))], "'maandag' is not a day"),
    ([(["monday"], time(9), time(12)), (["monday"], time(13), time(17))], "'monday' is given twice"),
    ([([], time(9), time(17))], "at least one day"),
    ([], "at least one period"),
])
def test_impossible_hours_are_refused(periods, message):
    with pytest.raises(OpeningHoursError, match=message):
        hours_per_day(periods)
