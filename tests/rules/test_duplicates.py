from datetime import date, timedelta

import pytest

from portal.rules.duplicates import WINDOW_DAYS, Submission, is_possible_duplicate

FIRST = date(2026, 3, 1)
PHONE = frozenset({"+31612345678"})


def _signed_up(days_later: int, *, municipality: int = 1, phone=PHONE) -> Submission:
    return Submission(municipality_id=municipality, phone_keys=phone, on=FIRST + timedelta(days=days_later))


@pytest.mark.parametrize("days,duplicate", [(0, True), (89, True), (90, True), (91, False), (365, False)])
def test_the_same_number_counts_up_to_ninety_days_apart(days, duplicate):
    assert WINDOW_DAYS == 90
    assert is_possible_duplicate(_signed_up(0), _signed_up(days)) is duplicate
    assert is_possible_duplicate(_signed_up(days), _signed_up(0)) is duplicate, "in either order"


def test_another_municipality_is_never_a_duplicate():
    assert not is_possible_duplicate(_signed_up(0), _signed_up(1, municipality=2))


def test_another_number_is_never_a_duplicate():
    assert not is_possible_duplicate(_signed_up(0), _signed_up(1, phone=frozenset({"+31687654321"})))
    assert not is_possible_duplicate(_signed_up(0, phone=frozenset()), _signed_up(1, phone=frozenset()))


def test_any_shared_key_is_the_same_number_during_a_key_rotation():
    one = _signed_up(0, phone=frozenset({"new-key-digest", "old-key-digest"}))
    assert is_possible_duplicate(one, _signed_up(3, phone=frozenset({"old-key-digest"})))
