"""What a Notify answer means for a message, and when to try again.

Notify answers 201 (it took the message), 4xx (this message will never go: a bad number, a refused key) or
5xx/429 (Notify is busy or down: the same request may work later); a time-out or a refused connection says nothing
about the message, so it is tried again too. Retries back off exponentially, so an outage of Notify is not made
worse by every worker hammering it, and stop after MAX_ATTEMPTS (the message is then shown to staff as not sent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Outcome(StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"  # try again later
    PERMANENT = "permanent"  # never try again: REJECTED


def classify(status_code: int | None) -> Outcome:
    """status_code None: no answer at all (a time-out, a refused connection)."""
    if status_code is None or status_code == 429 or status_code >= 500:
        return Outcome.TEMPORARY
    if 200 <= status_code < 300:
        return Outcome.SENT
    # 400 (Notify's ValidationError: an invalid number or address, a missing template), 403 (the key) and any
    # other refusal: the same request gets the same answer.
    return Outcome.PERMANENT


@dataclass(frozen=True)
class Backoff:
    """30 s, 1, 2, 4, 8 ... minutes, at most an hour apart; MAX_ATTEMPTS of 30 keeps trying for about a day."""

    first: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)
    max_attempts: int = 30
    jitter: float = 0.1  # up to 10 % later, so a queue that failed together does not come back together

    def delay(self, attempts: int, spread: float = 0.0) -> timedelta:
        """The wait after the `attempts`-th failed attempt (1 = the first); spread in [0, 1) picks the jitter."""
        base = min(self.first * (2 ** min(attempts - 1, 40)), self.cap)
        return base * (1 + self.jitter * spread)

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


ERROR_LENGTH = 120
_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\+?\d[\d\s-]{5,}\d")


def safe_error(text: str, *, hide: tuple[str, ...] = ()) -> str:
    """An error text fit to store and show staff: never the recipient or the message text (Notify's validation
    messages name the field, but we do not rely on that), nor anything that looks like a number or address."""
    for secret in sorted((s for s in hide if s), key=len, reverse=True):
        text = text.replace(secret, "…")
    text = _DIGITS.sub("…", _EMAIL.sub("…", text))
    text = " ".join(text.split())
    return text if len(text) <= ERROR_LENGTH else text[:ERROR_LENGTH - 1] + "…"
