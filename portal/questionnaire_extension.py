"""The loaded questionnaires on the Flask app: loaded once at start-up, read per request by the views."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from portal.questionnaire.model import Questionnaire
from portal.questionnaire.registry import load_all


def init_app(app: Flask) -> None:
    app.extensions["questionnaires"] = load_all(
        Path(app.config["QUESTIONNAIRE_DIR"]), app.config["SUPPORTED_LOCALES"], app.config["BABEL_DEFAULT_LOCALE"]
    )


def get_questionnaire(questionnaire_id: str) -> Questionnaire:
    return current_app.extensions["questionnaires"][questionnaire_id]
