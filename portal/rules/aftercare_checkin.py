"""The after-care check-in: which contact moment gets a link, how long a link works, and what an answer leads to.

Only the current moment gets a link: the newest one whose day has come. An older moment that never got one (the
daily job did not run, or the resident had no way we could write to then) is not sent late: two links at once, or a
"how is it going one month on" five months on, only confuse. Nothing is marked on such a moment; it simply never
becomes the current one again, and the coordinators' after-care page still shows it as not done.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from portal.domain.aftercare import MoneyNow

# Long enough for a letter that waits for the printer and a resident who reads post once a week; short enough that
# a link found months later in an old mailbox no longer opens anything.
LINK_DAYS = 30
# "We call you within three working days": the answer puts the case at the top of the after-care queue, and
# Lansingerland returns a voicemail within one or two days (seed 000); three leaves room for a busy week.
CALL_WITHIN_WORKING_DAYS = 3


class Moment(Protocol):
    number: int
    due_on: date
    done_on: date | None
    checkin_sent_at: datetime | None


def moment_to_send(moments: Iterable[Moment], today: date) -> Moment | None:
    """The moment whose check-in link should go out today, or None: the newest moment that is due, when it is not
    done and has had no link yet."""
    due = [moment for moment in moments if moment.due_on <= today]
    if not due:
        return None
    current = max(due, key=lambda moment: (moment.due_on, moment.number))
    if current.done_on is not None or current.checkin_sent_at is not None:
        return None
    return current


def link_works(sent_at: datetime, now: datetime) -> bool:
    return now < sent_at + timedelta(days=LINK_DAYS)


def link_last_day(sent_on: date) -> date:
    """The last day the message promises (the link stops a day later, at the time it was sent)."""
    return sent_on + timedelta(days=LINK_DAYS - 1)


class CallAnswer(enum.StrEnum):
    """Check-in question 3, "Wilt u dat we u bellen?" (the form's choice texts are in resident/checkin_forms.py)."""

    CALL = "call"
    NOT_NOW = "not_now"
    NEEDS_NOTHING = "needs_nothing"  # "Nee, ik heb geen hulp meer nodig": after-care ends


class NextStep(enum.StrEnum):
    """What the thank-you page tells the resident happens now."""

    CALL = "call"  # we call within CALL_WITHIN_WORKING_DAYS working days
    GET_HELP = "get_help"  # new bills or money is hard, and no call asked: the number, the money check, sign-up
    ENDED = "ended"  # after-care stops; the number in case things change
    NOTED = "noted"  # thanks; the number in case things change


@dataclass(frozen=True)
class Answers:
    money_now: MoneyNow | None
    new_bills: bool | None
    call: CallAnswer | None

    @property
    def empty(self) -> bool:
        return self.money_now is None and self.new_bills is None and self.call is None

    @property
    def wants_call(self) -> bool | None:
        return None if self.call is None else self.call == CallAnswer.CALL

    @property
    def ends_aftercare(self) -> bool:
        return self.call == CallAnswer.NEEDS_NOTHING

    @property
    def next_step(self) -> NextStep:
        if self.call == CallAnswer.CALL:
            return NextStep.CALL
        # Checked before "needs nothing": a resident who ends after-care but has bills they cannot pay still sees
        # where help is (they chose to stop hearing from us, not to go without help).
        if self.new_bills or self.money_now == MoneyNow.HARD:
            return NextStep.GET_HELP
        if self.ends_aftercare:
            return NextStep.ENDED
        return NextStep.NOTED
