"""Dutch postcodes: four digits (first not 0), optionally two letters. Only the digits place a municipality."""

from __future__ import annotations

import re

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})?$")


class InvalidPostcode(ValueError):
    pass


def postcode_digits(raw: str) -> int:
    """'2651 ab' -> 2651. The letters are dropped at once: they narrow a postcode down to a street."""
    match = _POSTCODE.match((raw or "").strip())
    if not match:
        raise InvalidPostcode(raw)
    letters = match.group(2)
    if letters and letters.upper() in ("SA", "SD", "SS"):
        raise InvalidPostcode(raw)
    return int(match.group(1))


def full_postcode(raw: str) -> str:
    """'2650aa' -> '2650 AA', as PostNL writes it on an envelope: the letters are required here."""
    match = _POSTCODE.match((raw or "").strip())
    if not match or not match.group(2) or match.group(2).upper() in ("SA", "SD", "SS"):
        raise InvalidPostcode(raw)
    return f"{match.group(1)} {match.group(2).upper()}"
