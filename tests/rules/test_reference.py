import re

import pytest

from portal.rules.reference import ALPHABET, is_valid_reference, new_reference, normalise_reference


def test_reference_is_two_groups_of_three_without_look_alikes():
    for _ in range(500):
        reference = new_reference()
        assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", reference)
        assert not set(reference) & set("0O1IL2Z5S8B6GUVDQJ")
        assert is_valid_reference(reference)


def test_alphabet_has_no_look_alikes():
    assert not set(ALPHABET) & set("0O1IL2Z5S8B6GUVDQJ")


def test_one_misheard_character_is_caught():
    reference = new_reference()
    compact = reference.replace("-", "")
    for position in range(len(compact)):
        for other in ALPHABET:
            if other == compact[position]:
                continue
            changed = compact[:position] + other + compact[position + 1:]
            assert not is_valid_reference(changed), (reference, changed)


@pytest.mark.parametrize("typed", ["kp7 3xa", "KP73XA", "kp7-3xa", " KP7.3XA "])
def test_what_people_type_is_normalised(typed):
    assert normalise_reference(typed) == "KP7-3XA"


@pytest.mark.parametrize("bad", ["", "KP7-3X", "KP7-3XAA", "KO7-3XA"])
def test_malformed_references_are_refused(bad):
    assert not is_valid_reference(bad)
