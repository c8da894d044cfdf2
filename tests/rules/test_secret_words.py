import unicodedata

import pytest

from portal.config import SUPPORTED_LOCALES
from portal.rules.secret_word_lists import ALPHABETS, WORD_LISTS
from portal.rules.secret_words import (
    COUNT,
    DIGIT_COUNT,
    DIGIT_LANGUAGES,
    MIN_COMBINATIONS,
    SecretFormat,
    edit_distance,
    example,
    list_problems,
    new_secret,
    normalise_secret,
    secret_format,
    secret_language,
)

# Words no list may hold: money and debt (a secret is no place for them), and rude or unlucky ones that a list
# could pick up by accident. Compared after normalising.
BANNED = {
    "nl": "geld bank euro munt cent schuld lening rente loon kas beurs prijs markt boete huur kut lul kak trut aap",
    "en": "money bank cash coin cent debt loan rent tax fee fine bill cost pay gold buck card hedge fund sale shop "
          "ass cock tit dick pig cow bitch",
    "ar": "مال بنك دين ذهب فضة سوق قرش دينار ليرة عملة صندوق كلب خنزير حمار قرد بقرة خروف بومة غراب",
    "uk": "гроші банк борг ціна гривня монета кредит хуй пизда сука свиня",
    "tr": "para banka lira kuruş borç kredi faiz fiyat kar zarar altın kira vergi am göt piç meme eşek domuz it "
          "ayı inek öküz köpek odun",
    "pl": "pieniądz bank złoty grosz dług kredyt cena czynsz rata kasa forsa kurwa chuj dupa pizda cipa kutas fiut "
          "suka świnia krowa jeleń burak ptak",
}


def _banned(language: str) -> frozenset[str]:
    return frozenset(normalise_secret(word) for word in BANNED[language].split())


def test_every_reading_language_has_a_list_or_digits():
    assert set(SUPPORTED_LOCALES) == set(WORD_LISTS) | DIGIT_LANGUAGES
    assert set(WORD_LISTS) == set(ALPHABETS) == set(BANNED)


@pytest.mark.parametrize("language", sorted(WORD_LISTS))
def test_the_word_list_is_fit(language):
    words = WORD_LISTS[language]
    assert list_problems(language, words, ALPHABETS[language], _banned(language)) == []
    assert len(words) ** COUNT >= MIN_COMBINATIONS and len(set(words)) == len(words)


@pytest.mark.parametrize("language,script", [("nl", "LATIN"), ("en", "LATIN"), ("tr", "LATIN"), ("pl", "LATIN"),
                                             ("ar", "ARABIC"), ("uk", "CYRILLIC")])
def test_every_word_is_in_the_languages_own_script(language, script):
    assert all(unicodedata.name(c).startswith(script) for word in WORD_LISTS[language] for c in word)


def test_the_checker_names_what_is_wrong_and_where():
    latin = ALPHABETS["nl"]
    assert list_problems("nl", ("zon",) * 5, latin, frozenset())[0].startswith("nl: 5 words give 125 combinations")
    many = tuple(WORD_LISTS["nl"])
    assert list_problems("nl", many + ("kat",), latin, frozenset()) == [
        f"nl word {len(many) + 1} 'kat': looks like 'kam' ('kat' and 'kam')"]
    assert list_problems("nl", many + ("straten",), latin, frozenset()) == [
        f"nl word {len(many) + 1} 'straten': longer than 6 letters"]
    assert list_problems("nl", many + ("euro",), latin, frozenset({"euro"})) == [
        f"nl word {len(many) + 1} 'euro': not a word to give a resident"]
    assert list_problems("uk", WORD_LISTS["uk"] + ("ёжик",), ALPHABETS["uk"], frozenset()) == [
        f"uk word {len(WORD_LISTS['uk']) + 1} 'ёжик': letters outside the uk alphabet"]
    # The same word with and without its marks is one word to a resident who types it.
    problems = list_problems("pl", WORD_LISTS["pl"] + ("sloń",), ALPHABETS["pl"], frozenset())
    assert problems == [f"pl word {len(WORD_LISTS['pl']) + 1} 'sloń': looks like 'słoń' ('slon' and 'slon')"]


@pytest.mark.parametrize("a,b,distance", [("kat", "kam", 1), ("kat", "kta", 1), ("zee", "zeep", 1),
                                          ("straat", "strand", 2), ("", "abc", 3), ("boom", "boom", 0)])
def test_edit_distance_counts_a_swap_as_one_slip(a, b, distance):
    assert edit_distance(a, b) == distance == edit_distance(b, a)


@pytest.mark.parametrize("typed,shown", [
    ("Zon, Fiets - KAAS", "zon fiets kaas"),  # case and separators, as before
    ("أرنب", "ارنب"), ("إوزة", "اوزه"), ("آية", "ايه"), ("مَطَر", "مطر"), ("قطه", "قطة"), ("حساء", "حسا"),
    ("مربي", "مربى"), ("شـمـس", "شمس"), ("ثلج، بحر", "ثلج بحر"),  # Arabic: hamza seats, diacritics, ta marbuta
    ("\u200fشمس\u200f قمر", "شمس قمر"), ("ش\u200dمس", "شمس"),  # invisible marks that a copied word brings
    ("ёлка", "елка"), ("ЇЖАК", "їжак"), ("гудзик", "ґудзик"),  # Cyrillic ё/е, capitals, ґ typed as г
    ("GÜNEŞ", "güneş"), ("YILDIZ", "yıldız"), ("yildiz", "yıldız"), ("İNCİR", "incir"), ("KIYI", "kıyı"),  # Turkish
    ("slonce", "słońce"), ("SŁOŃCE", "słońce"), ("zolw", "żółw"), ("lodz", "łódź"),  # Polish with or without marks
    ("482913", "482 913"), ("482-913", "482 913"), ("٤٨٢ ٩١٣", "482 913"), ("۴۸۲۹۱۳", "482 913"),  # digits
])
def test_what_a_resident_types_matches_what_was_shown(typed, shown):
    assert normalise_secret(typed) == normalise_secret(shown)


def test_old_dutch_secrets_normalise_as_before():
    def before(raw):  # normalise_secret until the lists per language came
        return " ".join((raw or "").lower().replace(",", " ").replace("-", " ").split())

    old_words = ("appel bank beer berg bloem boek boom boot brood brug bus das deur dijk duif eend ei fiets fles gans "
                 "geit gras haas hand hek hoed hond huis jas kaas kam kat kerk kers kip klok koe kom kop kraan krant "
                 "kust lamp lepel lucht maan markt melk mes mier molen muis muur nest noot oven paard pan park pen "
                 "peer plant pomp raam regen ring rok roos sok soep spin stoel straat strand tafel tas tent thee tuin "
                 "uil vaas vis vlag vogel vos vuur wolk worm zee zeep zon zout zwaan").split()
    for typed in [" ".join(old_words[i:i + 3]) for i in range(0, len(old_words), 3)] + ["Bank,  KAT-zee ", ""]:
        assert normalise_secret(typed) == before(typed)


def test_three_words_from_the_reading_languages_own_list():
    for language, words in WORD_LISTS.items():
        secret = new_secret(language)
        assert secret.language == language and secret.format is SecretFormat.WORDS
        assert len(secret.text.split()) == COUNT and all(word in words for word in secret.text.split())


def test_tigrinya_readers_get_six_digits_in_two_groups():
    secret = new_secret("ti")
    assert secret.format is SecretFormat.DIGITS and secret_format("ti") is SecretFormat.DIGITS
    assert len(secret.text) == DIGIT_COUNT + 1 and secret.text[3] == " " and secret.text.replace(" ", "").isdigit()
    assert 10**DIGIT_COUNT >= MIN_COMBINATIONS and DIGIT_COUNT == 6
    assert example("ti").text == "482 913"
    assert len({new_secret("ti").text for _ in range(50)}) > 45, "random, not one fixed number"


def test_a_language_without_a_list_gets_dutch_and_the_example_is_the_lists_first_words():
    assert secret_language("de") == "nl" and new_secret("de").language == "nl"
    assert secret_format("de") is SecretFormat.WORDS
    assert example("nl").text == "zon fiets kaas"
    assert example("ar").text == " ".join(WORD_LISTS["ar"][:3])
