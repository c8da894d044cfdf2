"""Which way a sign-up's confirmation may go: only through a way of contact the resident chose."""

from __future__ import annotations


def confirmation_route(*, email: str | None, phone: str | None, channels) -> tuple[str, str] | None:
    """("email", address) or ("sms", number); e-mail first. None: the resident chose neither, so nothing is sent."""
    if email and "email" in channels:
        return "email", email
    if phone and "sms" in channels:
        return "sms", phone
    return None
