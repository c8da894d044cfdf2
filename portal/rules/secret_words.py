"""Secret words for anonymous questions, in the language the resident reads: short, common, easy to spell and to say.

Each language has its own checked list (`secret_word_lists.py`; `list_problems` names what is wrong with one).
Tigrinya gets six digits instead: Ge'ez script has more than 200 syllable signs and many phones have no keyboard for
it, while every phone types 0-9. Six digits (1 000 000) are at least as many combinations as three words.

`normalise_secret` does not need to know the language: each rule touches one script only, so the pick-up accepts
the words in whatever language the pick-up page is read later, and old Dutch secrets (lower case a-z) are unchanged.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from enum import Enum

from portal.rules.secret_word_lists import WORD_LISTS

COUNT = 3
# What the lock after ten wrong tries (services/advice.py) is reckoned on: one chance in 80 000 of guessing.
MIN_COMBINATIONS = 800_000
MAX_LENGTH = 6
DEFAULT_LANGUAGE = "nl"


class SecretFormat(Enum):
    WORDS = "words"
    DIGITS = "digits"


DIGIT_LANGUAGES = frozenset({"ti"})
DIGIT_COUNT = next(n for n in range(1, 20) if 10**n >= MIN_COMBINATIONS)


@dataclass(frozen=True)
class Secret:
    text: str  # as shown: "zon fiets kaas", "482 913"
    language: str  # the list it comes from ("ti": digits)
    format: SecretFormat


def secret_language(locale: str) -> str:
    """The list for a reading language; a language without one gets Dutch (shown with lang="nl")."""
    return locale if locale in WORD_LISTS or locale in DIGIT_LANGUAGES else DEFAULT_LANGUAGE


def secret_format(locale: str) -> SecretFormat:
    return SecretFormat.DIGITS if secret_language(locale) in DIGIT_LANGUAGES else SecretFormat.WORDS


def new_secret(locale: str = DEFAULT_LANGUAGE) -> Secret:
    language = secret_language(locale)
    if language in DIGIT_LANGUAGES:
        digits = "".join(secrets.choice("0123456789") for _ in range(DIGIT_COUNT))
        return Secret(_grouped(digits), language, SecretFormat.DIGITS)
    words = WORD_LISTS[language]
    return Secret(" ".join(secrets.choice(words) for _ in range(COUNT)), language, SecretFormat.WORDS)


def example(locale: str) -> Secret:
    """The same example every time, in the reading language's own format."""
    language = secret_language(locale)
    if language in DIGIT_LANGUAGES:
        return Secret(_grouped("482913"[:DIGIT_COUNT]), language, SecretFormat.DIGITS)
    return Secret(" ".join(WORD_LISTS[language][:COUNT]), language, SecretFormat.WORDS)


def _grouped(digits: str) -> str:
    return " ".join(digits[i:i + 3] for i in range(0, len(digits), 3))


# Letters that do not fall apart into a base letter and a mark (NFD), mapped to what people type without them.
_LETTERS = str.maketrans({
    "ı": "i", "İ": "i",  # Turkish dotless and dotted i: typed either way, or on a keyboard without them
    "ł": "l", "Ł": "l",  # Polish ł
    "ґ": "г", "Ґ": "г",  # Ukrainian ґ, often typed as г
    "ة": "ه", "ى": "ي", "ٱ": "ا", "ی": "ي", "ک": "ك",  # Arabic ta marbuta, alef maksura, alef wasla, Persian forms
    "ء": None, "ـ": None,  # Arabic lone hamza, often left out; tatweel (a stretch, not a letter)
    "،": " ", "؛": " ", ",": " ", ";": " ", ".": " ", "-": " ", "_": " ", "/": " ",
})
# Arabic-Indic and Persian digits, as an Arabic keyboard types them.
_DIGITS = str.maketrans({chr(first + n): str(n) for first in (0x0660, 0x06F0) for n in range(10)})


def normalise_secret(raw: str) -> str:
    """One form for what a resident may type: lower case; no accents, diacritics or hamza seats (ё is е, ą is a,
    أ is ا); separators are spaces; digits are one run. Plain lower-case a-z words stay exactly as they were."""
    text = unicodedata.normalize("NFKC", raw or "").translate(_LETTERS).translate(_DIGITS).lower()
    # Marks go (accents, harakat, hamza above or below), and so do invisible format characters (a right-to-left
    # mark or a zero-width joiner that a copied Arabic word brings along).
    text = "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    words = unicodedata.normalize("NFC", text).translate(_LETTERS).split()
    if words and all(word.isdigit() for word in words):
        return "".join(words)
    return " ".join(words)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance where swapping two neighbouring letters also counts as one edit (a common slip)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def list_problems(language: str, words: tuple[str, ...], alphabet: str, banned: frozenset[str]) -> list[str]:
    """What makes a word list unfit: too few words, words outside the language's alphabet, too long, the same after
    normalising, one edit apart, or banned. Empty means fit."""
    found = []
    if len(words) ** COUNT < MIN_COMBINATIONS:
        found.append(f"{language}: {len(words)} words give {len(words) ** COUNT} combinations, "
                     f"fewer than {MIN_COMBINATIONS}")
    normalised: dict[str, str] = {}
    for place, word in enumerate(words, 1):
        where = f"{language} word {place} {word!r}"
        if not word or any(c not in alphabet for c in word):
            found.append(f"{where}: letters outside the {language} alphabet")
        if len(word) > MAX_LENGTH:
            found.append(f"{where}: longer than {MAX_LENGTH} letters")
        key = normalise_secret(word)
        if key in banned or word in banned:
            found.append(f"{where}: not a word to give a resident")
        for other_key, other in normalised.items():
            if edit_distance(key, other_key) <= 1:
                found.append(f"{where}: looks like {other!r} ({key!r} and {other_key!r})")
        normalised[key] = word
    return found
