import pytest

from portal.rules.phone import phone_as_typed, tel_uri


@pytest.mark.parametrize("stored,shown,dialled", [
    ("+31612345678", "06 12345678", "+31612345678"),  # as the resident typed it, not E.164
    ("06 12345678", "06 12345678", "+31612345678"),
    ("+31101234567", "010 123 4567", "+31101234567"),
    ("14 010", "14 010", "14010"),  # a municipal line works only inside the country
    ("+3225551234", "+32 2 555 12 34", "+3225551234"),
    ("not a number", "not a number", ""),
])
def test_phone_numbers_show_as_typed_and_dial_as_they_should(stored, shown, dialled):
    assert phone_as_typed(stored) == shown
    assert tel_uri(stored) == dialled
