from portal.rules.confirmation import confirmation_route


def test_a_confirmation_goes_only_a_way_the_resident_chose():
    assert confirmation_route(email="a@b.nl", phone="+31612345678", channels=["phone"]) is None
    assert confirmation_route(email="a@b.nl", phone=None, channels=["email"]) == ("email", "a@b.nl")
    assert confirmation_route(email=None, phone="+31612345678", channels=["sms"]) == ("sms", "+31612345678")


def test_e_mail_goes_before_a_text_and_a_missing_address_sends_nothing():
    assert confirmation_route(email="a@b.nl", phone="+31612345678", channels=["sms", "email"]) == ("email", "a@b.nl")
    assert confirmation_route(email="", phone="+31612345678", channels=["email", "sms"]) == ("sms", "+31612345678")
    assert confirmation_route(email=None, phone=None, channels=["email", "sms"]) is None
