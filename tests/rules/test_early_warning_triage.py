"""Triage: which household, taken up or not, which approach and when it is due."""

from datetime import date

import pytest

from portal.domain.early_warning import Approach
from portal.rules.early_warning_settings import EarlyWarningSettings
from portal.rules.early_warning_triage import (
    SignalFacts,
    approach_for,
    due_on,
    higher,
    household_key,
    is_crisis,
    is_taken_up,
    rising_rent_arrears,
)

SETTINGS = EarlyWarningSettings()


def signal(partner="Huur", amount=500, on=date(2026, 11, 2), crisis=False, end_of_supply=False):
    return SignalFacts(partner, amount, on, crisis, end_of_supply)


def test_household_key_prefers_the_bsn_and_normalises_the_address():
    assert household_key(bsn="111222333", postcode="2651 AB", huisnummer="12", toevoeging="a") == "bsn:111222333"
    assert household_key(bsn=None, postcode="2651 ab", huisnummer="012", toevoeging="a") == \
        household_key(bsn=None, postcode="2651AB", huisnummer="12", toevoeging=" A") == "adres:2651AB|12|A"
    assert household_key(bsn=None, postcode="2651AB", huisnummer="12", toevoeging=None) != \
        household_key(bsn=None, postcode="2651AB", huisnummer="12", toevoeging="A")
    with pytest.raises(ValueError):
        household_key(bsn=None, postcode="2651AB", huisnummer=None, toevoeging=None)


def test_threshold_and_partner_types_decide_what_is_taken_up():
    settings = EarlyWarningSettings(threshold_euros=50, partner_types=("Huur", "Energie"))
    assert is_taken_up(signal(amount=50), settings)
    assert not is_taken_up(signal(amount=49), settings)
    assert not is_taken_up(signal(partner="DUO", amount=900), settings)


def test_energy_end_of_supply_is_a_crisis_only_with_the_setting_on():
    notice = signal(partner="Energie", crisis=True, end_of_supply=True)
    assert not is_crisis(notice, SETTINGS)
    assert is_crisis(notice, EarlyWarningSettings(energy_end_of_supply_is_crisis=True))
    assert is_crisis(signal(partner="Energie", crisis=True), SETTINGS)


def test_one_partner_is_a_letter_several_or_rising_rent_is_a_call_a_crisis_is_a_crisis():
    assert approach_for([signal()], SETTINGS) == Approach.LETTER_SMS
    assert approach_for([signal(), signal(partner="Energie")], SETTINGS) == Approach.CALL_VISIT
    rising = [signal(amount=600, on=date(2026, 10, 1)), signal(amount=900, on=date(2026, 11, 1))]
    assert approach_for(rising, SETTINGS) == Approach.CALL_VISIT
    assert approach_for([signal(partner="Zorg"), signal(crisis=True)], SETTINGS) == Approach.CRISIS


def test_rent_that_falls_or_comes_the_same_day_is_not_rising():
    assert not rising_rent_arrears([signal(amount=900, on=date(2026, 10, 1)), signal(amount=600, on=date(2026, 11, 1))])
    assert not rising_rent_arrears([signal(amount=600), signal(amount=900)])
    assert not rising_rent_arrears([signal(partner="Zorg", amount=100, on=date(2026, 10, 1)),
                                    signal(partner="Zorg", amount=900)])


def test_approach_goes_up_never_down():
    assert higher(Approach.CALL_VISIT, Approach.LETTER_SMS) == Approach.CALL_VISIT
    assert higher("letter_sms", Approach.CRISIS) == Approach.CRISIS


def test_a_crisis_is_due_in_three_working_days_others_in_the_municipalitys_term():
    friday = date(2026, 12, 4)
    assert due_on(Approach.CRISIS, friday, first_contact_days=14, crisis_working_days=3) == date(2026, 12, 9)
    assert due_on(Approach.CRISIS, friday, first_contact_days=14, crisis_working_days=5) == date(2026, 12, 9)
    # 14 days after Friday 4 December is Friday 18 December; 28 days (Lochem) is Friday 1 January, a holiday.
    assert due_on(Approach.LETTER_SMS, friday, first_contact_days=14, crisis_working_days=3) == date(2026, 12, 18)
    assert due_on(Approach.CALL_VISIT, friday, first_contact_days=28, crisis_working_days=3) == date(2026, 12, 31)
