"""Which language a page is in: an explicit choice (cookie), else the browser's wish, else Dutch."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import get_locale

# Each language in its own name and script, so a resident finds theirs without reading Dutch.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "ar": "العربية", "ti": "ትግርኛ", "uk": "Українська",
                  "tr": "Türkçe", "pl": "Polski"}
RIGHT_TO_LEFT = {"ar"}


def locales_for_this_page() -> tuple[str, ...]:
    """Residents get every language; the staff workspace is in Dutch and English."""
    if request.blueprint == "staff":
        supported = current_app.config["SUPPORTED_LOCALES"]
        return tuple(code for code in current_app.config["STAFF_LOCALES"] if code in supported)
    return current_app.config["SUPPORTED_LOCALES"]


def select_locale() -> str:
    supported = locales_for_this_page()
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE_NAME"])
    if chosen in supported:
        return chosen
    # A page about something in a known language (a survey link sent in the resident's language) sets this.
    if g.get("preferred_locale") in supported:
        return g.preferred_locale
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _template_context() -> dict:
    locale = str(get_locale())
    return {
        "current_locale": locale,
        "text_direction": "rtl" if locale in RIGHT_TO_LEFT else "ltr",
        "language_choices": [(code, LANGUAGE_NAMES[code]) for code in locales_for_this_page()],
        "rtl_locales": RIGHT_TO_LEFT,
    }


def init_app(app: Flask) -> None:
    app.context_processor(_template_context)
