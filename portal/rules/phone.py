"""Phone numbers shown as people type them ("06 12345678", "14 010"), and the tel: link that dials them.

Stored numbers are E.164 (+31612345678); shown that way inside Arabic text, bidi turns them into "31612345678+".
"""

from __future__ import annotations

import phonenumbers

REGION = "NL"
_DIALLED_INTERNATIONALLY = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
                            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parsed(number: str):
    try:
        parsed = phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def phone_as_typed(number: str) -> str:
    """Dutch numbers in the national way (06 12345678), others internationally (+32 ...); the rest as written."""
    parsed = _parsed(number or "")
    if parsed is None:
        return (number or "").strip()
    if parsed.country_code == phonenumbers.country_code_for_region(REGION):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str) -> str:
    """What follows tel: (RFC 3966): E.164 when the number is one, else its digits (the 14 + area code lines)."""
    parsed = _parsed(number or "")
    if parsed is None or phonenumbers.number_type(parsed) not in _DIALLED_INTERNATIONALLY:
        # The municipal 14 + area code lines work only from inside the country, so they stay as dialled here.
        return "".join(ch for ch in number or "" if ch.isdigit() or ch == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def e164(number: str) -> str | None:
    """The one form of a valid number ("06 12345678", "+31 6 1234 5678", "0031612345678" -> "+31612345678")."""
    parsed = _parsed(number or "")
    return None if parsed is None else phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mobile_e164(number: str | None) -> str | None:
    """The E.164 form of a valid mobile number, for an sms; None for a landline or an invalid number."""
    parsed = _parsed(number or "")
    if parsed is None or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
