"""Addresses shown back on a screen that others may see: enough to recognise your own, not enough to read it off."""

from __future__ import annotations

BULLETS = "••"


def mask_phone(number: str) -> str:
    """"+31612345678" -> "06 •• •• 56 78": the first two and the last four digits, in pairs as people read them.

    A number from another country keeps only its country code: "+32 •• •• •• 45 67"."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.startswith("+31"):
        national = "0" + digits[2:]
        head, rest = national[:2], national[2:]
    elif number.startswith("+"):
        code_length = 3 if len(digits) > 11 else 2
        head, rest = "+" + digits[:code_length], digits[code_length:]
    else:
        head, rest = digits[:2], digits[2:]
    hidden, tail = rest[:-4], rest[-4:]
    pairs = [BULLETS] * ((len(hidden) + 1) // 2)
    return " ".join([head, *pairs, tail[:2], tail[2:]]).strip()


def mask_email(address: str) -> str:
    """"jan.jansen@example.nl" -> "j•••@example.nl": the first letter and the domain."""
    local, _, domain = address.rpartition("@")
    if not local:
        return "•••"
    return f"{local[0]}•••@{domain}"
