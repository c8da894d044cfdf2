"""Which contact attempts fit what the resident agreed to. Plain rules, no database.

The resident chose how we may reach them (`Aanmelding.channels`) and whether we may leave a voicemail. A voicemail
against their wish is refused: a message on a shared phone can tell a partner or a child about the debts. A contact
kind whose channel the resident did not choose is only a warning, because there are good reasons for it: the resident
called back or e-mailed themselves, agreed to another way during a call, or is in a crisis and a home visit is the
last way left. A home visit matches no channel a resident can choose ("Ik kom zelf langs" means they come to us), so
it always warns.
"""

from __future__ import annotations

import enum

from portal.domain.casework import ContactKind
from portal.domain.contact import ContactChannel

# The channel a kind of contact uses; None: a way no resident chooses in the sign-up.
CHANNEL_OF: dict[ContactKind, ContactChannel | None] = {
    ContactKind.CALL: ContactChannel.PHONE,
    ContactKind.VOICEMAIL: ContactChannel.PHONE,
    ContactKind.SMS: ContactChannel.SMS,
    ContactKind.WHATSAPP: ContactChannel.WHATSAPP,
    ContactKind.EMAIL: ContactChannel.EMAIL,
    ContactKind.LETTER: ContactChannel.LETTER,
    ContactKind.VISIT: None,
}


class Fit(enum.StrEnum):
    AGREED = "agreed"  # a way the resident chose
    NOT_AGREED = "not_agreed"  # allowed, with a warning
    REFUSED = "refused"  # a voicemail the resident said no to: not logged


def fit(kind: str, *, voicemail_ok: bool, channels: list[str]) -> Fit:
    contact_kind = ContactKind(kind)
    if contact_kind == ContactKind.VOICEMAIL and not voicemail_ok:
        return Fit.REFUSED
    channel = CHANNEL_OF[contact_kind]
    return Fit.AGREED if channel is not None and channel in channels else Fit.NOT_AGREED


def fits(*, voicemail_ok: bool, channels: list[str]) -> dict[ContactKind, Fit]:
    """Every kind of contact, for the form that offers them."""
    return {kind: fit(kind, voicemail_ok=voicemail_ok, channels=channels) for kind in ContactKind}


class ContactRefused(ValueError):
    """The attempt goes against what the resident asked; nothing is logged."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind
