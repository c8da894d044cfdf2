"""How an answer reads on the check-your-answers page: a choice by its label, yes/no in words, a day as a date."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.signup.forms import parse_day


def _label_of(field, value) -> str:
    for choice in field.choices:
        if choice.value == value:
            return str(choice.label)
    return str(value)


def answer_text(field, value) -> str:
    if isinstance(field, SelectMultipleField):
        return ", ".join(_label_of(field, v) for v in value or [])
    if isinstance(field, (RadioField, SelectField)):
        return _label_of(field, value) if value else ""
    if isinstance(field, BooleanField):
        return _("Ja") if value else _("Nee")
    return value or ""


def day_text(value: str) -> str:
    """A stored day (ISO) as the resident reads it; anything else as it was typed."""
    day = parse_day(value) if value else None
    return format_date(day, "d MMMM y") if day else value or ""
