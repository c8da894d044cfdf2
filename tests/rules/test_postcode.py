import pytest

from portal.rules.postcode import InvalidPostcode, postcode_digits


@pytest.mark.parametrize("raw,digits", [("2651 AB", 2651), ("2651ab", 2651), (" 9712 ", 9712), ("7241", 7241)])
def test_postcode_digits(raw, digits):
    assert postcode_digits(raw) == digits


@pytest.mark.parametrize("raw", ["", "265", "26511", "0651 AB", "2651 A", "2651 SA", "AB 2651", None])
def test_not_a_postcode(raw):
    with pytest.raises(InvalidPostcode):
        postcode_digits(raw)
