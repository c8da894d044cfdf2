"""The check-your-answers rows: every answer in words, with the step it can be changed on."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.signup.forms import parse_day
from portal.signup.steps import Step


def _label_of(field, value) -> str:
    for choice in field.choices:
        if choice.value == value:
            return str(choice.label)
    return str(value)


def _as_text(field, value) -> str:
    if isinstance(field, SelectMultipleField):
        return ", ".join(_label_of(field, v) for v in value or [])
    if isinstance(field, (RadioField, SelectField)):
        return _label_of(field, value) if value else ""
    if isinstance(field, BooleanField):
        return _("Ja") if value else _("Nee")
    if field.name == "eviction_date" and value:
        day = parse_day(value)
        return format_date(day, "d MMMM y") if day else value
    return value or ""


def summary_rows(steps: list[Step], answers: dict, municipality_name) -> list[tuple[Step, str, str]]:
    rows = []
    for step in steps:
        data = (answers.get(step.slug) or {}).get("data") or {}
        if step.slug == "postcode":
            rows.append((step, _("Gemeente"), municipality_name(data.get("municipality")) or ""))
            continue
        form = step.form(formdata=None, data=data, meta={"csrf": False})
        for field in form:
            if field.type == "CSRFTokenField":
                continue
            text = _as_text(field, data.get(field.name))
            if text:
                rows.append((step, str(field.label.text), text))
    return rows
