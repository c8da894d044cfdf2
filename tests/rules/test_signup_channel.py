import pytest

from portal.domain.signup_channels import SignupChannel
from portal.rules.signup_channel import signup_channel


@pytest.mark.parametrize(("filled_in", "source", "link_channel", "expected"), [
    ("online", None, None, SignupChannel.SELF),
    ("online", "anonymous-advice", None, SignupChannel.SELF),  # an anonymous question turned into a sign-up
    ("online", "lansingerland-bank", "bank_app", SignupChannel.BANK_APP),
    ("online", "lansingerland-woning", "letter", SignupChannel.REFERRAL),
    ("online", "ing-app", "bank_app", SignupChannel.BANK_APP),  # the link's channel decides, not its code
    ("online", "bank-brief", "letter", SignupChannel.REFERRAL),
    ("online", "removed-link", None, SignupChannel.REFERRAL),  # a code no link has any more: still a referral
    ("assisted", None, None, SignupChannel.ASSISTED),
    ("assisted", "lansingerland-bank", "bank_app", SignupChannel.ASSISTED),  # help wins over the link
    ("online", "vroegsignalering", None, SignupChannel.EARLY_WARNING),  # help accepted on an early-warning case
    ("assisted", "vroegsignalering", None, SignupChannel.EARLY_WARNING),  # the signal brought it in
])
def test_one_channel_per_sign_up(filled_in, source, link_channel, expected):
    assert signup_channel(filled_in=filled_in, source=source, link_channel=link_channel) is expected
