"""How long a closed case is kept (AVG: no longer than needed).

A resident who got no help from us: one year after closing, as the consent text says. A case with a help trajectory:
seven years, because a new request can be refused within some years after a trajectory, and the Archives Act
selection list for debt help keeps case files that long.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain.casework import CloseReason

SHORT = timedelta(days=365)
LONG = timedelta(days=7 * 365)
HELPED = {CloseReason.HELPED, CloseReason.DEBT_SETTLEMENT, CloseReason.HANDED_OVER}


def keep_until(closed_on: date, closed_reason: str | None) -> date:
    return closed_on + (LONG if closed_reason in HELPED else SHORT)


def is_expired(closed_on: date, closed_reason: str | None, today: date) -> bool:
    return today > keep_until(closed_on, closed_reason)
