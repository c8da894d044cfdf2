"""How an answer reads on the check-your-answers page: a choice by its label, yes/no in words, a day as a date."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.signup.forms import parse_day


class InLanguage(str):
    """Words in their own language whatever the page's (a language's own name): the page marks them with lang."""

    def __new__(cls, text: str, lang: str):
        answer = super().__new__(cls, text)
        answer.lang = lang
        return answer


class PhoneAnswer(str):
    """A phone number: the page shows it as typed, left-to-right (components/phone_number.html)."""

    is_phone = True


def _label_of(field, value) -> str:
    for choice in field.choices:
        if choice.value == value:
            lang = (getattr(choice, "render_kw", None) or {}).get("lang")
            return InLanguage(str(choice.label), lang) if lang else str(choice.label)
    return str(value)


def answer_text(field, value) -> str:
    if isinstance(field, SelectMultipleField):
        return ", ".join(_label_of(field, v) for v in value or [])
    if isinstance(field, (RadioField, SelectField)):
        return _label_of(field, value) if value else ""
    if isinstance(field, BooleanField):
        return _("Ja") if value else _("Nee")
    if value and (field.render_kw or {}).get("autocomplete") == "tel":
        return PhoneAnswer(value)
    return value or ""


def day_text(value: str) -> str:
    """A stored day (ISO) as the resident reads it; anything else as it was typed."""
    day = parse_day(value) if value else None
    return format_date(day, "d MMMM y") if day else value or ""
