"""Where an anonymous conversation stands, and by which day the resident can expect our next answer.

Only days: messages carry the day they were written and nothing finer, so nothing here can link a message to a
moment. The promise is in working days (Dutch public holidays do not count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol

from portal.rules.working_days import working_days_after

# No municipality's data names an answer time for anonymous questions, so every municipality promises this; it is
# what the page after asking always said ("Kom over 3 werkdagen terug").
ANSWER_WORKING_DAYS = 3


class ThreadState(Enum):
    WAITING_FOR_FIRST_ANSWER = "waiting_first"  # only the resident wrote
    WAITING_FOR_NEXT_ANSWER = "waiting_next"  # we answered, the resident wrote again
    ANSWERED = "answered"  # our answer is the last message
    WENT_TO_SIGNUP = "signup"  # the resident chose to sign up with this question


class Message(Protocol):
    from_resident: bool
    written_on: date


@dataclass(frozen=True)
class ThreadStatus:
    state: ThreadState
    last_written_on: date  # the day of the last message, whoever wrote it
    answer_by: date | None  # while we owe an answer: the last day it is due
    late: bool  # we owe an answer and its day has passed


def answer_due(written_on: date, working_days: int = ANSWER_WORKING_DAYS) -> date:
    """The last day of our answer to a message written on `written_on` (that day itself does not count)."""
    return working_days_after(written_on, working_days)


def thread_status(messages: Sequence[Message], *, went_to_signup: bool, today: date,
                  working_days: int = ANSWER_WORKING_DAYS) -> ThreadStatus:
    if not messages:
        raise ValueError("a conversation starts with the resident's question")
    last = messages[-1]
    if went_to_signup:
        return ThreadStatus(ThreadState.WENT_TO_SIGNUP, last.written_on, None, False)
    if not last.from_resident:
        return ThreadStatus(ThreadState.ANSWERED, last.written_on, None, False)
    # Our answer is due counted from the resident's first message that we have not answered yet.
    unanswered = len(messages) - 1
    while unanswered > 0 and messages[unanswered - 1].from_resident:
        unanswered -= 1
    due = answer_due(messages[unanswered].written_on, working_days)
    answered_before = any(not message.from_resident for message in messages)
    state = ThreadState.WAITING_FOR_NEXT_ANSWER if answered_before else ThreadState.WAITING_FOR_FIRST_ANSWER
    return ThreadStatus(state, last.written_on, due, today > due)
