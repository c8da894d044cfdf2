from datetime import UTC, date, datetime, time, timedelta

import pytest

from portal.rules.appointments import PLACE_MAX, REMINDER_HOUR, AppointmentError, check, reminder_at, starts_at
from portal.rules.deadlines import AMSTERDAM

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday 11:00 in Amsterdam


def errors_of(**fields) -> dict:
    values = {"day": date(2026, 12, 9), "at": time(14, 30), "by_phone": False, "place": "Raadhuisplein 1",
              "now": NOW} | fields
    with pytest.raises(AppointmentError) as raised:
        check(**values)
    return raised.value.errors


def test_a_local_time_is_stored_as_utc_in_winter_and_in_summer():
    assert starts_at(date(2026, 12, 9), time(14, 30)) == datetime(2026, 12, 9, 13, 30, tzinfo=UTC)
    assert starts_at(date(2026, 7, 1), time(14, 30)) == datetime(2026, 7, 1, 12, 30, tzinfo=UTC)


def test_a_good_appointment_at_a_place_and_one_by_phone():
    planned = check(day=date(2026, 12, 9), at=time(14, 30), by_phone=False, place=" Raadhuisplein 1 ", now=NOW)
    assert (planned.starts_at, planned.place, planned.by_phone) == (
        datetime(2026, 12, 9, 13, 30, tzinfo=UTC), "Raadhuisplein 1", False)
    by_phone = check(day=date(2026, 12, 9), at=time(9), by_phone=True, place="ignored", now=NOW)
    assert by_phone.by_phone and by_phone.place is None


def test_every_problem_is_named_at_once_by_its_field():
    assert errors_of(day=None, at=None, by_phone=None) == {"day": "day_missing", "time": "time_missing",
                                                           "where": "where_missing"}
    assert errors_of(place="  ") == {"place": "place_missing"}
    assert errors_of(place="x" * (PLACE_MAX + 1)) == {"place": "place_too_long"}
    assert check(day=date(2026, 12, 9), at=time(9), by_phone=False, place="x" * PLACE_MAX, now=NOW)


def test_a_day_or_time_already_past_is_refused_but_later_today_is_fine():
    assert errors_of(day=date(2026, 12, 6)) == {"day": "day_past"}
    assert errors_of(day=date(2026, 12, 7), at=time(10, 59)) == {"time": "time_past"}
    assert check(day=date(2026, 12, 7), at=time(11, 30), by_phone=True, place=None, now=NOW)
    assert errors_of(day=date(2028, 1, 1)) == {"day": "day_far"}


def test_the_reminder_goes_the_day_before_in_the_local_morning():
    appointment = starts_at(date(2026, 12, 9), time(14, 30))
    assert reminder_at(appointment, NOW) == datetime(2026, 12, 8, REMINDER_HOUR - 1, 0, tzinfo=UTC)
    assert reminder_at(appointment, NOW).astimezone(AMSTERDAM).hour == REMINDER_HOUR


def test_no_reminder_when_its_moment_is_past_or_close_the_message_itself_reminds():
    tomorrow = starts_at(date(2026, 12, 8), time(14, 30))  # the reminder would be today 9:00, already past
    assert reminder_at(tomorrow, NOW) is None
    later_today = NOW + timedelta(hours=5)
    assert reminder_at(later_today, NOW) is None
    # Planned at 4:30 for tomorrow 9:00: the reminder (today 9:00) would come 4.5 hours after the first message.
    early = datetime(2026, 12, 7, 3, 30, tzinfo=UTC)
    assert reminder_at(starts_at(date(2026, 12, 8), time(9)), early) is None
    assert reminder_at(starts_at(date(2026, 12, 8), time(9)), early - timedelta(hours=2)) is not None, "6.5 hours"
