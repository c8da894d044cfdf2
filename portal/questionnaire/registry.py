"""Load every questionnaire; a broken one stops start-up with its file and place (portal/questionnaire_extension.py
binds them to the app, so this package knows no Flask)."""

from __future__ import annotations

from pathlib import Path

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

