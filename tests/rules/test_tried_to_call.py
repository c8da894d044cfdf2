from datetime import date, datetime, time

from portal.domain.appointments import NoMessage
from portal.rules.deadlines import AMSTERDAM
from portal.rules.tried_to_call import Opening, dedupe_key, next_opening, refusal

WEEKDAYS = {day: (time(8, 30), time(17)) for day in range(5)}


def test_the_sms_goes_only_with_sms_chosen_a_number_and_a_sender():
    assert refusal(can_send=True, channels=["sms"], phone="+31612345678") is None
    assert refusal(can_send=True, channels=["phone", "email"], phone="+31612345678") == NoMessage.NO_SMS_CHANNEL
    assert refusal(can_send=True, channels=["sms"], phone=None) == NoMessage.NO_PHONE
    assert refusal(can_send=False, channels=["sms"], phone="+31612345678") == NoMessage.NOT_OFFERED


def test_one_key_per_case_and_local_day():
    assert dedupe_key(7, date(2026, 12, 7)) == dedupe_key(7, date(2026, 12, 7))
    assert dedupe_key(7, date(2026, 12, 7)) != dedupe_key(7, date(2026, 12, 8))
    assert dedupe_key(7, date(2026, 12, 7)) != dedupe_key(8, date(2026, 12, 7))


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def test_today_while_still_open_else_the_next_open_day():
    monday_noon = at(2026, 12, 7, 12, 0)
    assert next_opening(WEEKDAYS, monday_noon) == Opening(date(2026, 12, 7), time(8, 30), time(17))
    assert next_opening(WEEKDAYS, at(2026, 12, 7, 7, 0)).day == date(2026, 12, 7), "before opening: today"
    assert next_opening(WEEKDAYS, at(2026, 12, 7, 17, 0)).day == date(2026, 12, 8), "closed: tomorrow"
    assert next_opening(WEEKDAYS, at(2026, 12, 11, 18, 0)).day == date(2026, 12, 14), "Friday evening: Monday"


def test_a_public_holiday_is_skipped():
    christmas_eve_evening = at(2026, 12, 24, 18, 0)  # 25 and 26 December are holidays; the 26th is a Saturday
    assert next_opening(WEEKDAYS, christmas_eve_evening).day == date(2026, 12, 28)


def test_no_opening_within_the_look_ahead_says_nothing():
    assert next_opening({}, at(2026, 12, 7, 12, 0)) is None
