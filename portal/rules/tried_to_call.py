"""The staff's "we tried to call you" sms. Plain rules, no database.

It goes only to a resident who chose sms as a way to reach them and gave a number; at most one per case and
(Amsterdam) day, so a double click, a retried request or a second colleague sends once. It says when to call back:
the municipality's next opening period that has not yet closed (today's, if still open), skipping public holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays

from portal.domain.appointments import NoMessage
from portal.domain.contact import ContactChannel

_NL = holidays.NL()
LOOK_AHEAD_DAYS = 14  # a municipality closed for two weeks gets no "call us on ..." line


def refusal(*, can_send: bool, channels, phone: str | None) -> NoMessage | None:
    """Why nothing can be sent, or None when the sms may go."""
    if not can_send:
        return NoMessage.NOT_OFFERED
    if ContactChannel.SMS not in channels:
        return NoMessage.NO_SMS_CHANNEL
    if not phone:
        return NoMessage.NO_PHONE
    return None


def dedupe_key(case_id: int, local_day: date) -> str:
    """One sms per case and local day (the outbox keeps a key once)."""
    return f"tried_to_call:{case_id}:{local_day.isoformat()}"


@dataclass(frozen=True)
class Opening:
    day: date
    opens: time
    closes: time


def next_opening(per_day: dict[int, tuple[time, time]], now_local: datetime) -> Opening | None:
    """The first opening period (weekday number -> (opens, closes)) that has not closed yet, on a day that is no
    Dutch public holiday; None when there is none within LOOK_AHEAD_DAYS."""
    for offset in range(LOOK_AHEAD_DAYS):
        day = now_local.date() + timedelta(days=offset)
        hours = per_day.get(day.weekday())
        if hours is None or day in _NL:
            continue
        opens, closes = hours
        if offset == 0 and now_local.time() >= closes:
            continue
        return Opening(day, opens, closes)
    return None
