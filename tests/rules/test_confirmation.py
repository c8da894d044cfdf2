from portal.rules.confirmation import confirmation_route


def test_a_confirmation_goes_only_a_way_the_resident_chose():
    assert confirmation_route(email="a@b.nl", phone="+31612345678", channels=["phone"]) is None
    assert confirmation_route(email="a@b.nl", phone=None, channels=["email"]) == ("email", "a@b.nl")
    assert confirmation_route(email=None, phone="+31612345678", channels=["sms"]) == ("sms", "+31612345678")


def test_e_mail_goes_before_a_text_and_a_missing_address_sends_nothing():
    assert confirmation_route(email="a@b.nl", phone="+31612345678", channels=["sms", "email"]) == ("email", "a@b.nl")
    assert confirmation_route(email="", phone="+31612345678", channels=["email", "sms"]) == ("sms", "+31612345678")
    assert confirmation_route(email=None, phone=None, channels=["email", "sms"]) is None


ADDRESS = "Dorpsstraat 1\n2651 AB Berkel en Rodenrijs"


def test_a_letter_only_when_the_resident_chose_one_and_gave_an_address():
    assert confirmation_route(email=None, phone=None, postal_address=ADDRESS, channels=["letter"]) == \
        ("letter", ADDRESS)
    assert confirmation_route(email=None, phone=None, postal_address=ADDRESS, channels=["phone"]) is None
    assert confirmation_route(email=None, phone=None, postal_address="  \n", channels=["letter"]) is None
    assert confirmation_route(email=None, phone=None, postal_address=None, channels=["letter"]) is None


def test_a_letter_comes_last_after_e_mail_and_sms():
    both = ["letter", "sms", "email"]
    assert confirmation_route(email="a@b.nl", phone="+31612345678", postal_address=ADDRESS, channels=both) == \
        ("email", "a@b.nl")
    assert confirmation_route(email=None, phone="+31612345678", postal_address=ADDRESS, channels=both) == \
        ("sms", "+31612345678")
    # A phone number alone (the resident wants a call, not an sms) does not stop the letter.
    assert confirmation_route(email=None, phone="+31612345678", postal_address=ADDRESS,
                              channels=["phone", "letter"]) == ("letter", ADDRESS)
