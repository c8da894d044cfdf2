"""Helpers for templates: tie hints and errors to their input for assistive technology."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, url_for
from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, RadioInput
from wtforms.widgets.core import clean_key, html_params


def described_by(field) -> str:
    ids = []
    if field.description:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids)


def field_attrs(field, css_class: str = "") -> dict:
    attrs: dict = {}
    if css_class:
        attrs["class_"] = css_class
    ids = described_by(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


def choice_options(field) -> list[Markup]:
    """Each option of a radio or checkbox field as `<input ...> <label ...>...</label>`, the same HTML as WTForms'
    `option(**choice.render_kw) ~ " " ~ option.label()` (a test compares them). WTForms builds a field object per
    option and runs its widget: a fifth of a money-check question page. Any other widget: WTForms renders it."""
    widget = field.option_widget
    if type(widget) not in (RadioInput, CheckboxInput) or widget.validation_attrs != ["required", "disabled"]:
        return [Markup(f"{option(**(option.choice.render_kw or {}))} {option.label()}") for option in field]
    shared = {clean_key(key): value for key, value in (field.render_kw or {}).items()}
    flags = {key: getattr(field.flags, key) for key in dir(field.flags) if key in widget.validation_attrs}
    rendered = []
    for index, choice in enumerate(field.iter_choices()):
        option_id = f"{field.id}-{index}"
        attrs = dict(shared, **{clean_key(key): value for key, value in (choice.render_kw or {}).items()})
        attrs.setdefault("id", option_id)
        attrs.setdefault("type", widget.input_type)
        attrs.setdefault("value", str(choice.value))
        if choice.selected:
            attrs.setdefault("checked", True)
        for key, value in flags.items():
            attrs.setdefault(key, value() if callable(value) else value)
        label = escape(choice.label or choice.value)
        rendered.append(Markup(f"<input {html_params(name=field.name, **attrs)}> "
                               f"<label {html_params(**{'for': option_id})}>{label}</label>"))
    return rendered


def fixed_url(endpoint: str, **values) -> str:
    """`url_for` for a link that is the same on every page (the menu, the footer, the script): built once per app,
    script root and arguments instead of in every request (eleven on the start page)."""
    if not has_request_context():
        return url_for(endpoint, **values)
    cache = current_app.extensions.setdefault("portal_fixed_urls", {})
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    url = cache.get(key)
    if url is None:
        url = cache[key] = url_for(endpoint, **values)
    return url


def limits() -> dict:
    """Numbers that messages state, read at every render from the one place that defines them."""
    from portal.rules import deadlines, totp
    from portal.services import assist, signup

    return {"legal_weeks": deadlines.LEGAL_WEEKS, "legal_crisis_working_days": deadlines.LEGAL_CRISIS_WORKING_DAYS,
            "draft_days": signup.DRAFT_LIFETIME.days,
            "assist_code_minutes": int(assist.CODE_LIFETIME.total_seconds() // 60), "totp_digits": totp.DIGITS}


def opening_hours(municipality) -> list[dict]:
    """The municipality's phone hours as spans of days, named and timed in the page's language by Babel's data."""
    from babel.dates import format_time, get_day_names
    from flask_babel import get_locale
    from flask_babel import gettext as _

    from portal.rules.opening_hours import day_spans

    locale = get_locale()
    names = get_day_names("wide", locale=locale)
    lines = []
    for span in day_spans(municipality.hours_per_day()):
        days = names[span.first] if span.first == span.last else _(
            "%(first)s tot en met %(last)s", first=names[span.first], last=names[span.last])
        opens, closes = (format_time(moment, "short", locale=locale).replace(" ", "\u00a0")
                         for moment in (span.opens, span.closes))
        lines.append({"days": days[:1].upper() + days[1:], "opens": opens, "closes": closes})  # "4:30 م" stays whole
    return lines


def init_app(app: Flask) -> None:
    from flask_babel import format_date

    from portal.rules.phone import phone_as_typed, tel_uri

    app.jinja_env.globals.update(field_attrs=field_attrs, described_by=described_by, format_date=format_date,
                                 opening_hours=opening_hours, choice_options=choice_options,
                                 fixed_url=fixed_url)
    app.jinja_env.filters.update(phone_as_typed=phone_as_typed, tel_uri=tel_uri)
    app.context_processor(limits)
