"""The loaded questionnaires on the Flask app: loaded once at start-up, read per request by the views."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext

from portal.questionnaire.model import Questionnaire
from portal.questionnaire.registry import load_all


def init_app(app: Flask) -> None:
    app.extensions["questionnaires"] = load_all(
        Path(app.config["QUESTIONNAIRE_DIR"]), app.config["SUPPORTED_LOCALES"], app.config["BABEL_DEFAULT_LOCALE"]
    )
    app.jinja_env.filters["selftest_reason"] = selftest_reason


def selftest_reason(reason: str) -> str:
    """A money-check reason id in words (the staff case page shows the reasons a resident carried over)."""
    text = get_questionnaire("selftest").reasons.get(reason)
    return gettext(text) if text else reason


def get_questionnaire(questionnaire_id: str) -> Questionnaire:
    return current_app.extensions["questionnaires"][questionnaire_id]
