"""Which way a sign-up's confirmation may go: only through a way of contact the resident chose."""

from __future__ import annotations

from portal.domain.contact import ContactChannel


def confirmation_route(*, email: str | None, phone: str | None, channels,
                       postal_address: str | None = None) -> tuple[ContactChannel, str] | None:
    """(EMAIL, address), (SMS, number) or (LETTER, postal address): e-mail first, then sms, then a letter (paper
    costs the municipality work and postage, and takes days). None: the resident chose none of these, so nothing is
    sent."""
    if email and ContactChannel.EMAIL in channels:
        return ContactChannel.EMAIL, email
    if phone and ContactChannel.SMS in channels:
        return ContactChannel.SMS, phone
    if postal_address and postal_address.strip() and ContactChannel.LETTER in channels:
        return ContactChannel.LETTER, postal_address.strip()
    return None
