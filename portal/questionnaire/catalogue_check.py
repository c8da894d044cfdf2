"""Every questionnaire text must be in every compiled catalogue; a gap would show Dutch in the middle of a page."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations

from portal.questionnaire.loader import QuestionnaireError
from portal.questionnaire.model import Questionnaire


def check_catalogues(questionnaire: Questionnaire, translations_dir: Path, locales: tuple[str, ...],
                     source_locale: str) -> None:
    for locale in locales:
        if locale == source_locale:
            continue
        catalogue = Translations.load(str(translations_dir), [locale])
        if isinstance(catalogue, NullTranslations) and not isinstance(catalogue, Translations):
            raise QuestionnaireError(f"{translations_dir}/{locale}: no compiled catalogue "
                                     "(run scripts/translations compile)")
        missing = [(source, text) for source, text in questionnaire.texts() if text not in catalogue._catalog]
        if missing:
            source, text = missing[0]
            raise QuestionnaireError(
                f"{source}: {len(missing)} text(s) missing in the '{locale}' catalogue, "
                f"e.g. {text!r} (run scripts/translations and translate them)"
            )
