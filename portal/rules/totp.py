"""Time-based one-time codes (RFC 6238, as authenticator apps make them) for the staff's second sign-in step.

Pure functions: the clock is passed in, so the tests can stand at any moment.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

STEP_SECONDS = 30
DRIFT_STEPS = 1  # a phone whose clock is half a minute off still signs in
DIGITS = 6


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step the code belongs to, or None. Spaces and dashes people type are ignored."""
    typed = "".join(ch for ch in code if not ch.isspace() and ch != "-")
    if len(typed) != DIGITS or not typed.isascii() or not typed.isdigit():
        return None
    current = time_step(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), typed):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=account,
                                                                                     issuer_name=issuer)


def grouped(secret: str) -> str:
    """In blocks of four, for typing it over into an app."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
