"""What a typed query and a stored phone number or name become before they are blind-indexed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules.search_terms import MAX_WORDS, Search, name_words, parse_search


@pytest.mark.parametrize("typed", ["06 12345678", "+31 6 1234 5678", "0031612345678", "06-12345678",
                                   "(06) 12 34 56 78", "+31612345678", "٠٦١٢٣٤٥٦٧٨"])
def test_every_way_of_typing_a_mobile_number_is_one_number(typed):
    assert parse_search(typed) == Search(phone="+31612345678")


def test_part_of_a_number_is_no_number_and_says_so():
    assert parse_search("06 1234") == Search(partial_phone=True)
    assert parse_search("06 1234").empty


@pytest.mark.parametrize("name,words", [
    ("Fatima El Amrani", ["fatima", "el", "amrani"]),
    ("  FATIMA   el-amrani ", ["fatima", "el", "amrani"]),
    ("José Müller-Lüdenscheidt", ["jose", "muller", "ludenscheidt"]),
    ("Łukasz Żółć", ["lukasz", "zolc"]),
    ("O'Brien D’Souza", ["obrien", "dsouza"]),
    ("Ａｙａａｎ", ["ayaan"]),  # full-width letters (NFKC)
    ("Straße", ["strasse"]),
    ("Noor noor NOOR", ["noor"]),  # each word once
])
def test_names_become_lower_case_words_without_accents(name, words):
    assert name_words(name) == words


@pytest.mark.parametrize("variant", [
    "فاطِمة",  # with a kasra (harakat)
    "فاطـــمة",  # stretched with tatweel
    "فاطمه",  # ta marbuta written as ha
    "فَاطِمَةُ",  # fully vowelled
])
def test_arabic_spellings_of_one_name_are_one_word(variant):
    assert name_words(variant) == name_words("فاطمة")


@pytest.mark.parametrize("variant,plain", [("أحمد", "احمد"), ("إيمان", "ايمان"), ("آمنة", "امنة"),
                                           ("ٱلرحمن", "الرحمن"), ("مصطفى", "مصطفي"), ("علی", "علي")])
def test_arabic_alef_and_ya_forms_are_one_letter(variant, plain):
    assert name_words(variant) == name_words(plain)


def test_different_names_stay_different():
    assert name_words("Fatima") != name_words("Fatma")
    assert name_words("فاطمة") != name_words("فطيمة")


def test_a_query_of_words_searches_every_word_and_a_reference_too():
    assert parse_search("Fatima Amrani") == Search(words=("fatima", "amrani"))
    assert parse_search("kp7 3xa").words == ("kp7", "3xa")


def test_a_well_formed_reference_is_searched_as_a_reference():
    from portal.rules.reference import new_reference

    reference = new_reference()
    assert parse_search(reference.lower().replace("-", " ")).reference == reference


def test_a_very_long_name_keeps_its_first_words():
    assert len(name_words(" ".join(f"woord{i}" for i in range(20)))) == MAX_WORDS


@given(st.text(max_size=60))
def test_normalising_twice_changes_nothing(text):
    words = name_words(text)
    assert name_words(" ".join(words)) == words


@given(st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=12),
       st.sampled_from(["\u0301", "\u0308", "\u064e", "\u0650", "\u0651"]))
def test_a_mark_on_a_letter_never_changes_the_word(word, mark):
    assert name_words(word[0] + mark + word[1:]) == name_words(word)


@given(st.lists(st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=10), min_size=1,
                max_size=4))
def test_any_word_of_a_name_finds_it(words):
    indexed = set(name_words(" ".join(words)))
    for word in words:
        search = parse_search(word)
        assert search.reference or set(search.words) <= indexed
