"""After-care rules: moment dates, which close reasons start it, queue order, ending by itself, the watch window and
reading a household's address."""

from datetime import UTC, date, datetime

import pytest

from portal.domain.casework import CloseReason
from portal.rules import aftercare as rules
from portal.rules.aftercare import Address, Moment, QueueFacts


@pytest.mark.parametrize(("day", "months", "due"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
    (date(2026, 12, 15), 1, date(2027, 1, 15)),  # over the year's end
    (date(2026, 8, 31), 3, date(2026, 11, 30)),
    (date(2026, 3, 10), 12, date(2027, 3, 10)),
    (date(2026, 11, 30), 24, date(2028, 11, 30)),
])
def test_a_moment_falls_calendar_months_later_clamped_to_the_month_end(day, months, due):
    assert rules.add_months(day, months) == due


def test_the_default_moments_fall_at_one_three_and_six_months():
    assert rules.due_dates(date(2026, 12, 7), [1, 3, 6]) == [date(2027, 1, 7), date(2027, 3, 7), date(2027, 6, 7)]


@pytest.mark.parametrize("reason", list(CloseReason))
def test_only_reasons_that_end_a_trajectory_start_aftercare(reason):
    ends = reason in (CloseReason.HELPED, CloseReason.DEBT_SETTLEMENT, CloseReason.HANDED_OVER)
    assert rules.starts_aftercare(reason.value) is ends
    assert rules.starts_aftercare(None) is False


def _moments(*done):
    """Moments at 1, 3 and 6 months after 7 Dec 2026; `done` the numbers marked done."""
    dues = (date(2027, 1, 7), date(2027, 3, 7), date(2027, 6, 7))
    return [Moment(n, due, date(2027, 1, 1) if n in done else None) for n, due in enumerate(dues, start=1)]


def test_the_current_moment_is_the_latest_that_has_come_or_else_the_first_open_one():
    assert rules.current_moment(_moments(), date(2026, 12, 20)).number == 1, "before the first: the first"
    assert rules.current_moment(_moments(), date(2027, 3, 8)).number == 2, "a missed first is passed by"
    assert rules.current_moment(_moments(1), date(2027, 2, 1)).number == 2
    assert rules.current_moment(_moments(1, 2, 3), date(2027, 7, 1)) is None


def test_a_contact_counts_for_a_moment_from_two_weeks_before_its_day():
    assert rules.moment_for_contact(_moments(), date(2026, 12, 24)).number == 1
    assert rules.moment_for_contact(_moments(), date(2026, 12, 23)) is None, "15 days early: a contact in between"
    assert rules.moment_for_contact(_moments(1), date(2027, 1, 20)) is None, "the 3-month moment is far off"
    assert rules.moment_for_contact(_moments(1), date(2027, 3, 20)).number == 2


def test_a_moment_is_past_due_two_weeks_after_its_day():
    first = _moments()[0]
    assert not rules.is_past_due(first, date(2027, 1, 21)), "the resident has two weeks to answer the check-in"
    assert rules.is_past_due(first, date(2027, 1, 22))
    assert not rules.is_past_due(Moment(1, date(2027, 1, 7), date(2027, 1, 9)), date(2027, 3, 1))
    assert not rules.is_past_due(None, date(2027, 3, 1))


def _at(day):
    return datetime(2027, 1, day, 9, tzinfo=UTC)


def test_a_call_request_comes_first_then_a_signal_then_past_due_then_the_next_day():
    later = QueueFacts(1, None, None, date(2027, 2, 1), False)
    sooner = QueueFacts(2, None, None, date(2027, 1, 20), False)
    past_due = QueueFacts(3, None, None, date(2027, 1, 1), True)
    signal = QueueFacts(4, None, _at(5), date(2027, 3, 1), False)
    old_call = QueueFacts(5, _at(2), None, date(2027, 5, 1), False)
    new_call = QueueFacts(6, _at(9), _at(1), date(2027, 5, 1), True)
    ordered = sorted([later, sooner, past_due, signal, new_call, old_call], key=rules.queue_key)
    assert [facts.traject_id for facts in ordered] == [5, 6, 4, 3, 2, 1]


def test_aftercare_ends_after_its_last_moment_or_four_weeks_past_it_with_nothing():
    assert rules.ends_by_itself(_moments(3), date(2027, 6, 8), call_requested=False, new_signal=False)
    assert not rules.ends_by_itself(_moments(1, 2), date(2027, 7, 5), call_requested=False, new_signal=False)
    assert rules.ends_by_itself(_moments(1, 2), date(2027, 7, 6), call_requested=False, new_signal=False), \
        "28 days after 7 June"
    assert not rules.ends_by_itself(_moments(3), date(2027, 8, 1), call_requested=True, new_signal=False), \
        "a resident waiting for a call is answered first"
    assert not rules.ends_by_itself(_moments(3), date(2027, 8, 1), call_requested=False, new_signal=True)


def test_a_signal_joins_aftercare_until_six_months_after_the_start():
    start = date(2026, 8, 31)
    assert rules.in_watch_window(start, date(2027, 2, 28))
    assert not rules.in_watch_window(start, date(2027, 3, 1))
    assert rules.in_watch_window(start, date(2026, 8, 1)), "a signal from before the close still belongs here"


@pytest.mark.parametrize(("text", "address"), [
    ("Dorpsstraat 12 A, 2651 AB Bergschenhoek", Address("2651AB", "12", "A")),
    ("Dorpsstraat 12-b\n2651ab Bergschenhoek", Address("2651AB", "12", "B")),
    ("Korte Kerkstraat 7, 2661 CD Bergschenhoek", Address("2661CD", "7", None)),
    ("1e Hogeweg 140 2652XY", Address("2652XY", "140", None)),
    ("Demostraat 1", None),  # no postcode
    ("2651 AB Bergschenhoek", None),  # no house number
    ("", None),
    (None, None),
])
def test_a_postcode_and_house_number_are_read_from_a_typed_address(text, address):
    assert rules.parse_postal_address(text) == address
