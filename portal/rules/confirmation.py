"""Which way a sign-up's confirmation may go: only through a way of contact the resident chose."""

from __future__ import annotations

from portal.domain.contact import ContactChannel


def confirmation_route(*, email: str | None, phone: str | None,
                       channels) -> tuple[ContactChannel, str] | None:
    """(EMAIL, address) or (SMS, number); e-mail first. None: the resident chose neither, so nothing is sent."""
    if email and ContactChannel.EMAIL in channels:
        return ContactChannel.EMAIL, email
    if phone and ContactChannel.SMS in channels:
        return ContactChannel.SMS, phone
    return None
