"""Which one channel a sign-up counts under, so the counts per channel add up to the number of sign-ups.

Filled in together with a staff member wins over a referral link: the staff member's help is what brought the sign-up
in, and the link still counts under its own source. A sign-up made from an early-warning case (its household accepted
help, source "vroegsignalering") counts as early warning before anything else: the signal is what brought it in.
Then a bank app's link, then any other referral link (letter, GP, school, ...). A sign-up that came in without help
and without a link (or from an anonymous question turned into a sign-up) is the resident's own.
"""

from __future__ import annotations

from portal.domain.draft_context import FilledIn
from portal.domain.early_warning import EARLY_WARNING_SOURCE
from portal.domain.referrals import ANONYMOUS_ADVICE_SOURCE, ReferralChannel
from portal.domain.signup_channels import SignupChannel


def signup_channel(*, filled_in: str, source: str | None, link_channel: str | None) -> SignupChannel:
    """`link_channel`: the referral link's channel for `source`, or None when no link has that code (any more)."""
    if source == EARLY_WARNING_SOURCE:
        return SignupChannel.EARLY_WARNING
    if filled_in == FilledIn.ASSISTED:
        return SignupChannel.ASSISTED
    if not source or source == ANONYMOUS_ADVICE_SOURCE:
        return SignupChannel.SELF
    if link_channel == ReferralChannel.BANK_APP:
        return SignupChannel.BANK_APP
    return SignupChannel.REFERRAL
