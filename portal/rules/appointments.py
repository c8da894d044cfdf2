"""Appointments with a resident: when they are, what a planner may enter, and when the reminder goes. No database.

Times are typed as a local (Europe/Amsterdam) date and time and stored as aware UTC.

The reminder goes the day before at REMINDER_HOUR local time. When that moment is less than REMINDER_MIN_GAP away
at planning (an appointment for tomorrow planned this afternoon, or for later today) there is no reminder: the
appointment message itself goes out now, within a day of the appointment, and a second message soon after it says
nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.rules.deadlines import AMSTERDAM

PLACE_MAX = 200  # characters of a place typed by staff
REMINDER_HOUR = 9  # local time, the day before
REMINDER_MIN_GAP = timedelta(hours=6)  # a reminder sooner than this after the first message is left out
LATEST_DAYS_AHEAD = 366  # a date further away is a typing error


class AppointmentError(ValueError):
    """Input that makes no appointment: `errors` maps a field to a code (the page words it)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def starts_at(day: date, at: time) -> datetime:
    """A local date and time as aware UTC. A time that does not exist (the spring-forward hour) moves on by the
    hour the clock skips; one that exists twice (autumn) is the first."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(UTC)  # fold 0: both cases as described


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


@dataclass(frozen=True)
class Planned:
    starts_at: datetime
    by_phone: bool
    place: str | None


def _when(day: date | None, at: time | None, now: datetime, errors: dict[str, str]) -> datetime | None:
    if day is None:
        errors["day"] = "day_missing"
    if at is None:
        errors["time"] = "time_missing"
    if day is None:
        return None
    if day < local(now).date():
        errors["day"] = "day_past"
    elif day > local(now).date() + timedelta(days=LATEST_DAYS_AHEAD):
        errors["day"] = "day_far"
    elif at is not None:
        moment = starts_at(day, at)
        if moment > now:
            return moment
        errors["time"] = "time_past"
    return None


def check(*, day: date | None, at: time | None, by_phone: bool | None, place: str | None,
          now: datetime) -> Planned:
    """Raises AppointmentError with every field's problem at once; else the appointment as it will be stored."""
    errors: dict[str, str] = {}
    place = (place or "").strip() or None
    moment = _when(day, at, now, errors)
    if by_phone is None:
        errors["where"] = "where_missing"
    elif not by_phone and place is None:
        errors["place"] = "place_missing"
    if place is not None and len(place) > PLACE_MAX and not by_phone:
        errors["place"] = "place_too_long"
    if errors:
        raise AppointmentError(errors)
    return Planned(starts_at=moment, by_phone=bool(by_phone), place=None if by_phone else place)


def reminder_at(appointment_at: datetime, now: datetime) -> datetime | None:
    """The day before at REMINDER_HOUR local time, as UTC; None when that is less than REMINDER_MIN_GAP from now."""
    day_before = local(appointment_at).date() - timedelta(days=1)
    moment = starts_at(day_before, time(REMINDER_HOUR))
    return moment if moment - now >= REMINDER_MIN_GAP else None
