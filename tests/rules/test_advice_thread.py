from dataclasses import dataclass
from datetime import date

import pytest

from portal.rules.advice_thread import ANSWER_WORKING_DAYS, ThreadState, answer_due, thread_status

TUESDAY, FRIDAY = date(2026, 12, 1), date(2026, 12, 4)


@dataclass
class Message:
    from_resident: bool
    written_on: date


def resident(day):
    return Message(True, day)


def us(day):
    return Message(False, day)


def test_a_new_question_waits_for_its_first_answer_three_working_days_on():
    status = thread_status([resident(TUESDAY)], went_to_signup=False, today=TUESDAY)
    assert status.state is ThreadState.WAITING_FOR_FIRST_ANSWER
    assert status.answer_by == date(2026, 12, 4) and not status.late
    assert ANSWER_WORKING_DAYS == 3


def test_a_reply_after_our_answer_waits_for_the_next_answer_not_the_first():
    messages = [resident(date(2026, 11, 23)), us(date(2026, 11, 24)), resident(FRIDAY)]
    status = thread_status(messages, went_to_signup=False, today=FRIDAY)
    assert status.state is ThreadState.WAITING_FOR_NEXT_ANSWER
    assert status.last_written_on == FRIDAY
    assert status.answer_by == date(2026, 12, 9), "Friday + 3 working days skips the weekend"


def test_our_answer_last_means_answered_with_nothing_due():
    status = thread_status([resident(TUESDAY), us(FRIDAY)], went_to_signup=False, today=date(2026, 12, 20))
    assert (status.state, status.answer_by, status.late, status.last_written_on) == (
        ThreadState.ANSWERED, None, False, FRIDAY)


def test_the_due_day_counts_from_the_first_message_we_have_not_answered():
    messages = [resident(TUESDAY), us(date(2026, 12, 2)), resident(date(2026, 12, 3)), resident(date(2026, 12, 8))]
    status = thread_status(messages, went_to_signup=False, today=date(2026, 12, 8))
    assert status.answer_by == date(2026, 12, 8), "Thursday + 3 working days, not counted again from Tuesday"
    assert not status.late


def test_past_the_due_day_it_is_late():
    status = thread_status([resident(TUESDAY)], went_to_signup=False, today=date(2026, 12, 5))
    assert status.late and status.answer_by == date(2026, 12, 4)


def test_holidays_do_not_count():
    christmas_eve = date(2026, 12, 24)  # a Thursday; 25th and 26th are holidays, then a weekend
    assert answer_due(christmas_eve) == date(2026, 12, 30)


def test_a_question_turned_into_a_sign_up_waits_for_nothing_here():
    status = thread_status([resident(TUESDAY)], went_to_signup=True, today=date(2026, 12, 20))
    assert (status.state, status.answer_by, status.late) == (ThreadState.WENT_TO_SIGNUP, None, False)


def test_another_answer_time_can_be_given():
    assert thread_status([resident(TUESDAY)], went_to_signup=False, today=TUESDAY,
                         working_days=1).answer_by == date(2026, 12, 2)


def test_a_conversation_has_at_least_the_question():
    with pytest.raises(ValueError):
        thread_status([], went_to_signup=False, today=TUESDAY)
