"""After-care (nazorg) rules: when the contact moments fall, which case is most urgent, when after-care is over, and
whether a new early-warning signal belongs to it. Framework-free; services/aftercare.py applies them.

The decisions:

- Due dates: calendar months after the day the case closed, clamped to the month's end (31 Jan + 1 month is 28 or
  29 Feb): "over een maand" as a resident reads it, never spilling into the month after.
- The current moment: the latest moment whose day has come and that is not done; before the first day, the first
  moment not done (a contact a little early still counts for it). A contact or an answered check-in marks it done.
- A contact counts for the current moment when that moment's day is at most CHECKIN_ANSWER_DAYS away: a call two
  months early (say, answering a call request) is a contact in between, and the moment still comes.
- Past due: the current moment's day plus CHECKIN_ANSWER_DAYS has passed with nothing done. The check-in link goes on
  the due day; the resident gets two weeks to answer before the coordinator is asked to call.
- Queue order (most urgent first):
  1. a resident who asked for a call, oldest request first: they are waiting for us, and a request answered late is
     the clearest way to lose the trust after-care is for;
  2. a new early-warning signal, oldest first: arrears again after a trajectory, the relapse the seeds warn about,
     but nobody is waiting at the phone yet;
  3. a moment past due, by its due day: our own promise to keep in touch is slipping;
  4. the rest by the day of their next moment, so the coordinator sees what comes next.
- Ending by itself: the last moment is done, or its day is END_AFTER_DAYS past with nothing done for it. Four weeks:
  two for the check-in answer and two more for a call; after that an after-care nobody follows up only clutters the
  queue, and a new signal still reaches the household through the early-warning queue. Never while a call request
  or a new signal waits: those are answered first.
- Watch window: a taken-up signal joins an active after-care when it was signalled at most SIGNAL_WATCH_MONTHS after
  the start (seeds 001/002: relapse is common in the first half year). A signal from before the close counts too:
  the household has just been helped, and the after-care coordinator is the one to ask about it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.domain.aftercare import SIGNAL_WATCH_MONTHS, STARTS_AFTERCARE
from portal.rules.calendar_months import add_months

CHECKIN_ANSWER_DAYS = 14
END_AFTER_DAYS = 28


def due_dates(closed_on: date, months: Sequence[int]) -> list[date]:
    return [add_months(closed_on, count) for count in months]


def starts_aftercare(close_reason: str | None) -> bool:
    return close_reason in {reason.value for reason in STARTS_AFTERCARE}


@dataclass(frozen=True)
class Moment:
    number: int
    due_on: date
    done_on: date | None = None


def current_moment(moments: Sequence[Moment], today: date) -> Moment | None:
    """The moment a contact today counts for; None when every moment is done."""
    open_ones = sorted((m for m in moments if m.done_on is None), key=lambda m: m.number)
    come = [m for m in open_ones if m.due_on <= today]
    if come:
        return come[-1]
    return open_ones[0] if open_ones else None


def moment_for_contact(moments: Sequence[Moment], today: date) -> Moment | None:
    """The moment a contact made today is for, by default; None: a contact in between."""
    current = current_moment(moments, today)
    if current is None or current.due_on - timedelta(days=CHECKIN_ANSWER_DAYS) > today:
        return None
    return current


def is_past_due(moment: Moment | None, today: date) -> bool:
    return moment is not None and moment.done_on is None and \
        moment.due_on + timedelta(days=CHECKIN_ANSWER_DAYS) < today


def ends_by_itself(moments: Sequence[Moment], today: date, *, call_requested: bool, new_signal: bool) -> bool:
    if not moments or call_requested or new_signal:
        return False
    last = max(moments, key=lambda m: m.number)
    return last.done_on is not None or last.due_on + timedelta(days=END_AFTER_DAYS) < today


@dataclass(frozen=True)
class QueueFacts:
    traject_id: int
    call_requested_at: datetime | None
    signal_at: datetime | None
    next_due: date | None  # the current moment's day
    past_due: bool


def queue_key(facts: QueueFacts) -> tuple:
    """Sort key, most urgent first (the order and why: the module's docstring)."""
    if facts.call_requested_at is not None:
        return (0, facts.call_requested_at.timestamp(), facts.traject_id)
    if facts.signal_at is not None:
        return (1, facts.signal_at.timestamp(), facts.traject_id)
    if facts.past_due:
        return (2, facts.next_due.toordinal(), facts.traject_id)
    return (3, facts.next_due.toordinal() if facts.next_due else date.max.toordinal(), facts.traject_id)


def watch_end(started_on: date) -> date:
    return add_months(started_on, SIGNAL_WATCH_MONTHS)


def in_watch_window(started_on: date, signalled_on: date) -> bool:
    return signalled_on <= watch_end(started_on)


@dataclass(frozen=True)
class Address:
    postcode: str
    huisnummer: str
    toevoeging: str | None


_POSTCODE = re.compile(r"\b([1-9][0-9]{3})\s?([A-Za-z]{2})\b")
_NUMBER = re.compile(r"\s(\d{1,5})(?:\s*[-\s]?\s*([A-Za-z0-9]{1,4}))?\s*$")


def parse_postal_address(text: str | None) -> Address | None:
    """Postcode, house number and addition from an address as a resident typed it: "Dorpsstraat 12 A, 2651 AB
    Bergschenhoek". None when either part cannot be read with certainty (then no household key is made: a wrong
    key would attach a stranger's signal)."""
    if not text:
        return None
    postcode = _POSTCODE.search(text)
    if postcode is None:
        return None
    street = text[:postcode.start()].strip().rstrip(",").strip()  # the postcode comes after the street
    number = _NUMBER.search(" " + street)
    if number is None:
        return None
    return Address(postcode=f"{postcode.group(1)}{postcode.group(2).upper()}", huisnummer=number.group(1),
                   toevoeging=number.group(2).upper() if number.group(2) else None)
