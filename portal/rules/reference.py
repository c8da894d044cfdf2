"""Sign-up references that are easy to read aloud and type: no look-alike characters, with a check character.

Left out: 0/O/D/Q, 1/I/L/J, 2/Z, 5/S, 8/B, 6/G, U/V (said alike on the phone).
A misheard character is caught by the check character.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACEFHKMNPRTWXY3479"
_BODY_LENGTH = 5
_FORMAT = re.compile(rf"^[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}$")


def _check_character(body: str) -> str:
    """Luhn mod N: catches every single wrong character and most swapped neighbours."""
    base, total, factor = len(ALPHABET), 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def new_reference() -> str:
    """Like 'KP7-3XA': five random characters and a check character, grouped in threes."""
    return with_check_character("".join(secrets.choice(ALPHABET) for _ in range(_BODY_LENGTH)))


def with_check_character(body: str) -> str:
    """The reference of five characters of ALPHABET: 'KP73X' -> 'KP7-3XA'."""
    full = body + _check_character(body)
    return f"{full[:3]}-{full[3:]}"


def compact(raw: str) -> str:
    """Upper case, without the spaces, dashes and dots people type between the groups."""
    return re.sub(r"[\s\-.]", "", (raw or "").upper())


def normalise_reference(raw: str) -> str:
    """What a person types ('kp7 3xa', 'KP73XA') in the stored form."""
    compact_form = compact(raw)
    return f"{compact_form[:3]}-{compact_form[3:]}" if len(compact_form) == 6 else compact_form


def is_valid_reference(raw: str) -> bool:
    reference = normalise_reference(raw)
    if not _FORMAT.match(reference):
        return False
    compact = reference.replace("-", "")
    return _check_character(compact[:_BODY_LENGTH]) == compact[-1]
