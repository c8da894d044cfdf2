"""rules/aftercare_checkin.py: which moment gets a link, how long it works, what an answer leads to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from portal.domain.aftercare import MoneyNow
from portal.rules.aftercare_checkin import (
    LINK_DAYS,
    Answers,
    CallAnswer,
    NextStep,
    link_last_day,
    link_works,
    moment_to_send,
)

TODAY = date(2026, 12, 7)


@dataclass
class Moment:
    number: int
    due_on: date
    done_on: date | None = None
    checkin_sent_at: datetime | None = None


def _moments(*days_ago):
    return [Moment(number, TODAY - timedelta(days=ago)) for number, ago in enumerate(days_ago, start=1)]


def test_the_newest_due_moment_is_sent():
    moments = _moments(150, 90, -30)  # the first two due, the third next month
    assert moment_to_send(moments, TODAY) is moments[1]


def test_a_moment_due_today_counts_and_one_due_tomorrow_does_not():
    assert moment_to_send(_moments(0), TODAY) is not None
    assert moment_to_send(_moments(-1), TODAY) is None


def test_an_older_moment_is_never_sent_late_once_a_newer_one_is_due():
    moments = _moments(150, 90)
    moments[1].checkin_sent_at = datetime(2026, 9, 8, tzinfo=UTC)
    assert moment_to_send(moments, TODAY) is None, "the first one never had a link: still not sent now"
    moments[1].checkin_sent_at, moments[1].done_on = None, TODAY
    assert moment_to_send(moments, TODAY) is None, "the current one was done by a call"


def test_the_link_works_for_its_days_and_the_message_names_the_last_day():
    sent = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert link_works(sent, sent + timedelta(days=LINK_DAYS) - timedelta(seconds=1))
    assert not link_works(sent, sent + timedelta(days=LINK_DAYS))
    assert link_last_day(sent.date()) == date(2027, 1, 5)


def test_what_each_call_answer_does():
    call = Answers(MoneyNow.GOOD, False, CallAnswer.CALL)
    assert (call.wants_call, call.ends_aftercare, call.next_step) == (True, False, NextStep.CALL)
    nothing = Answers(MoneyNow.GOOD, False, CallAnswer.NEEDS_NOTHING)
    assert (nothing.wants_call, nothing.ends_aftercare, nothing.next_step) == (False, True, NextStep.ENDED)
    quiet = Answers(None, None, CallAnswer.NOT_NOW)
    assert (quiet.wants_call, quiet.ends_aftercare, quiet.next_step) == (False, False, NextStep.NOTED)
    assert Answers(MoneyNow.SO_SO, None, None).wants_call is None, "not asked is not 'no'"


def test_new_bills_or_hard_times_without_a_call_lead_to_help():
    assert Answers(None, True, CallAnswer.NOT_NOW).next_step == NextStep.GET_HELP
    assert Answers(MoneyNow.HARD, None, None).next_step == NextStep.GET_HELP
    assert Answers(None, True, CallAnswer.NEEDS_NOTHING).next_step == NextStep.GET_HELP, \
        "stopping after-care does not hide where help is"
    assert Answers(MoneyNow.HARD, True, CallAnswer.CALL).next_step == NextStep.CALL


def test_no_answer_at_all_is_empty():
    assert Answers(None, None, None).empty
    assert not Answers(None, False, None).empty, "'no new bills' is an answer"
