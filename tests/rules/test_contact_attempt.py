import pytest

from portal.domain.casework import ContactKind
from portal.rules.contact_attempt import CHANNEL_OF, Fit, fit, fits


def test_a_voicemail_the_resident_said_no_to_is_refused_even_when_calling_is_agreed():
    assert fit("voicemail", voicemail_ok=False, channels=["phone"]) == Fit.REFUSED
    assert fit("call", voicemail_ok=False, channels=["phone"]) == Fit.AGREED, "calling stays fine"


def test_a_voicemail_is_agreed_only_with_both_the_yes_and_the_phone():
    assert fit("voicemail", voicemail_ok=True, channels=["phone"]) == Fit.AGREED
    assert fit("voicemail", voicemail_ok=True, channels=["letter"]) == Fit.NOT_AGREED


@pytest.mark.parametrize("kind,channel", [("sms", "sms"), ("whatsapp", "whatsapp"), ("email", "email"),
                                          ("letter", "letter"), ("call", "phone")])
def test_each_kind_is_agreed_by_its_own_channel_and_only_warned_without_it(kind, channel):
    assert fit(kind, voicemail_ok=True, channels=[channel]) == Fit.AGREED
    others = [c for c in ("phone", "sms", "whatsapp", "email", "letter", "visit") if c != channel]
    assert fit(kind, voicemail_ok=True, channels=others) == Fit.NOT_AGREED


def test_a_home_visit_is_never_a_channel_the_resident_chose():
    """'Ik kom zelf langs' is the resident coming to us, not a visit at home."""
    everything = ["phone", "sms", "whatsapp", "email", "letter", "visit"]
    assert fit("visit", voicemail_ok=True, channels=everything) == Fit.NOT_AGREED


def test_every_kind_of_contact_is_assessed():
    assert set(CHANNEL_OF) == set(ContactKind)
    assert fits(voicemail_ok=False, channels=["whatsapp"]) == {
        ContactKind.CALL: Fit.NOT_AGREED, ContactKind.VOICEMAIL: Fit.REFUSED, ContactKind.SMS: Fit.NOT_AGREED,
        ContactKind.WHATSAPP: Fit.AGREED, ContactKind.EMAIL: Fit.NOT_AGREED, ContactKind.LETTER: Fit.NOT_AGREED,
        ContactKind.VISIT: Fit.NOT_AGREED}


def test_an_unknown_kind_is_an_error_not_a_pass():
    with pytest.raises(ValueError):
        fit("pigeon", voicemail_ok=True, channels=["phone"])
