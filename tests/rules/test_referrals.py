from portal.rules.referrals import counts_for, referral_municipality


def test_a_link_sets_its_own_municipality_and_a_national_link_none():
    assert referral_municipality("groningen", None) == "groningen"
    assert referral_municipality("groningen", "groningen") == "groningen"
    assert referral_municipality(None, None) is None


def test_a_token_that_borrowed_another_municipalitys_link_sets_none():
    """An old Groningen token made with lansingerland-bank: asking beats showing Lansingerland's number."""
    assert referral_municipality("lansingerland", "groningen") is None
    assert referral_municipality(None, "groningen") is None


def test_a_municipalitys_link_counts_there_alone_and_a_national_link_everywhere():
    assert counts_for("groningen", "groningen")
    assert not counts_for("lansingerland", "groningen")
    assert not counts_for("lansingerland", None)
    assert counts_for(None, "lochem") and counts_for(None, None)
