"""A possible duplicate: the same phone number signed up twice within 90 days, in the same municipality.

Only a badge with a link for the coordinator, who decides; nothing is merged. Days are calendar days in the
Netherlands between the two sign-up days, so 90 days apart still counts and 91 no longer does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WINDOW_DAYS = 90


@dataclass(frozen=True)
class Submission:
    municipality_id: int
    # Anything equal for the same number: E.164, or its blind-index digests (one per key during a rotation).
    phone_keys: frozenset[str]
    on: date


def is_possible_duplicate(one: Submission, other: Submission) -> bool:
    return (one.municipality_id == other.municipality_id and bool(one.phone_keys & other.phone_keys)
            and abs((one.on - other.on).days) <= WINDOW_DAYS)
