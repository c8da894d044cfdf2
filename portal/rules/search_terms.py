"""What a search box query and a case's phone number and name become before they are blind-indexed.

The index holds only keyed digests of whole terms (portal/blind_index.py), so a term must be written the same way
however it was typed: a phone number as E.164 ("06 12345678", "+31 6 1234 5678", "0031612345678" are one number),
a name as lower-case words without accents (é -> e), and Arabic without its vowel marks (harakat) and tatweel, with
one alef for أ إ آ ٱ, ة as ه, and ى and the Persian ی as ي, so "فاطِمة" is found by "فاطمه" and "Fatima" by "fatimá".
Each word of a name is a term: "Fatima" finds "Fatima El Amrani", "El Amrani" too (every word must match, in any
order). A digest cannot be compared in part, so there is no prefix or fuzzy search: "Fati" finds nothing.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from portal.rules.phone import e164
from portal.rules.reference import is_valid_reference, normalise_reference

MAX_WORDS = 8  # a name longer than this is still found by its first eight words


class SearchKind(enum.StrEnum):
    PHONE = "phone"
    NAME = "name"  # one word of the name


# Letters that are one letter to a searcher; Arabic alef forms with a hamza or madda decompose to ا under NFD.
_SAME_LETTER = str.maketrans({
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0629": "\u0647",  # ة ta marbuta -> ه
    "\u0649": "\u064a",  # ى alef maksura -> ي
    "\u06cc": "\u064a",  # ی Persian yeh -> ي
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u0640": None,  # ـ tatweel (stretching)
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "'": None, "’": None, "ʼ": None, "`": None,  # O'Brien, D’Souza: one word
})
_WORD = re.compile(r"\w+")
_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-/]{6,}$")


def name_words(name: str) -> list[str]:
    """The name's words as indexed: NFKC, casefold, accents and Arabic vowel marks gone; each word once, in order."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    stripped = "".join(char for char in unicodedata.normalize("NFD", folded) if not unicodedata.combining(char))
    words = _WORD.findall(unicodedata.normalize("NFC", stripped.translate(_SAME_LETTER)).replace("_", " "))
    return list(dict.fromkeys(words))[:MAX_WORDS]


def phone_term(number: str | None) -> str | None:
    return e164(number) if number else None


def looks_like_phone(text: str) -> bool:
    """Digits with the spaces, dashes and brackets people type: meant as a phone number, not as a name."""
    return bool(_PHONE_LIKE.match(unicodedata.normalize("NFKC", text.strip())))


@dataclass(frozen=True)
class Search:
    """One search box query: a reference, a phone number or name words; a case matches any one that is set."""

    reference: str | None = None
    phone: str | None = None
    words: tuple[str, ...] = ()
    # Typed as a phone number but not a whole valid one ("06 1234"): the page can say so.
    partial_phone: bool = False

    @property
    def empty(self) -> bool:
        return not (self.reference or self.phone or self.words)


def parse_search(text: str) -> Search:
    text = (text or "").strip()
    if not text:
        return Search()
    if looks_like_phone(text):
        phone = phone_term(text)
        return Search(phone=phone, partial_phone=phone is None)
    reference = normalise_reference(text) if is_valid_reference(text) else None
    # A reference-shaped text could be a name too ("KAREN-T" is not, but a six-letter one may be): both are tried.
    return Search(reference=reference, words=tuple(name_words(text)))
