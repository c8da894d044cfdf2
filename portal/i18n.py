"""Which language a page is in: an explicit choice (cookie), else the browser's wish, else Dutch."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

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


def bound_gettext(translations):
    """The template's `_()` and `{% trans %}` tied to one render's catalogue. Flask-Babel's own looks up the request
    context, the domain and the locale (and formats the locale as a string) for every string: about a third of the
    start page's time. Same result as Jinja's new-style gettext: Markup when autoescaping, always `%`-formatted."""
    translate = translations.ugettext

    @pass_context
    def gettext(context, string, /, **variables):
        text = translate(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def bound_ngettext(translations):
    translate = translations.ungettext

    @pass_context
    def ngettext(context, singular, plural, num, /, **variables):
        variables.setdefault("num", num)
        text = translate(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def _language_paths() -> dict[str, str]:
    """/taal/<code> for every language, built once per app and script root (the query is added per page)."""
    cache = current_app.extensions.setdefault("portal_language_paths", {})
    root = request.script_root
    if root not in cache:
        cache[root] = {code: url_for("resident.choose_language", code=code)
                       for code in current_app.config["SUPPORTED_LOCALES"]}
    return cache[root]


def keep_on_language_switch(**query: str | None) -> None:
    """A view names the query parameters its page needs back after a language switch (a flow's way back). Only
    these are kept: a resident page then never repeats text from its address that someone else chose, so no
    page echoes an attacker's guess next to a resident's answers, which would make compressed pages leak them
    (BREACH, docs/deployment.md)."""
    g.language_switch_query = {name: value for name, value in query.items() if value}


def _way_back() -> str:
    # Staff pages keep their whole query (filters, page number): nginx never compresses them.
    if request.blueprint == "staff":
        return request.full_path if request.query_string else request.path
    kept = g.get("language_switch_query")
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def language_links() -> list[tuple[str, str, str]]:
    """(code, own name, link that switches to it and comes back to this page) for the language menu. One `url_for`
    for the shared `?next=` query instead of one per language: the seven links cost a fifth of the start page."""
    codes = locales_for_this_page()
    paths = _language_paths()
    first = url_for("resident.choose_language", code=codes[0], next=_way_back())
    query = first[len(paths[codes[0]]):]
    return [(code, LANGUAGE_NAMES[code], paths[code] + query) for code in codes]


def _template_context() -> dict:
    locale = str(get_locale())
    translations = get_translations()
    gettext = bound_gettext(translations)
    return {
        "current_locale": locale,
        "text_direction": "rtl" if locale in RIGHT_TO_LEFT else "ltr",
        "language_links": language_links,
        "rtl_locales": RIGHT_TO_LEFT,
        # Context values win over the environment's globals, and Jinja's `_` alias and `{% trans %}` resolve these
        # names in the context: every template rendered through render_template gets the fast path.
        "gettext": gettext,
        "_": gettext,  # Jinja's `_` would look up "gettext" in the context again for every string
        "ngettext": bound_ngettext(translations),
    }


def init_app(app: Flask) -> None:
    app.context_processor(_template_context)
