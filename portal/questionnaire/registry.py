"""Load every questionnaire when the app starts; a broken one stops start-up with its file and place."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from portal.questionnaire.catalogue_check import check_catalogues
from portal.questionnaire.loader import load_questionnaire
from portal.questionnaire.model import Questionnaire

QUESTIONNAIRES = ("selftest",)
TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "translations"


def load_all(directory: Path, locales: tuple[str, ...], source_locale: str) -> dict[str, Questionnaire]:
    loaded = {}
    for questionnaire_id in QUESTIONNAIRES:
        questionnaire = load_questionnaire(directory, questionnaire_id)
        check_catalogues(questionnaire, TRANSLATIONS, locales, source_locale)
        loaded[questionnaire_id] = questionnaire
    return loaded


def init_app(app: Flask) -> None:
    app.extensions["questionnaires"] = load_all(
        Path(app.config["QUESTIONNAIRE_DIR"]), app.config["SUPPORTED_LOCALES"], app.config["BABEL_DEFAULT_LOCALE"]
    )


def get_questionnaire(questionnaire_id: str) -> Questionnaire:
    return current_app.extensions["questionnaires"][questionnaire_id]
