import pytest

from portal.rules.masking import mask_email, mask_phone


@pytest.mark.parametrize("number,shown", [
    ("+31612345678", "06 •• •• 56 78"),
    ("+31101234567", "01 •• •• 45 67"),
    ("+32471234567", "+32 •• •• •• 45 67"),
])
def test_a_phone_number_shows_only_its_start_and_last_four_digits(number, shown):
    assert mask_phone(number) == shown


def test_no_hidden_digit_of_a_phone_number_shows():
    masked = mask_phone("+31698765432")
    assert "9876" not in masked.replace(" ", "") and masked.endswith("54 32")


@pytest.mark.parametrize("address,shown", [
    ("jan.jansen@example.nl", "j•••@example.nl"),
    ("a@b.nl", "a•••@b.nl"),
    ("geen-apenstaartje", "•••"),
])
def test_an_email_address_shows_its_first_letter_and_domain(address, shown):
    assert mask_email(address) == shown
