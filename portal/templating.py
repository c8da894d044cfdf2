"""Helpers for templates: tie hints and errors to their input for assistive technology."""

from __future__ import annotations

from flask import Flask


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


def init_app(app: Flask) -> None:
    from flask_babel import format_date

    app.jinja_env.globals.update(field_attrs=field_attrs, described_by=described_by, format_date=format_date)
