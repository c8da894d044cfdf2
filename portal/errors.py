"""Friendly error pages in plain language. A resident never sees a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

ERROR_TEXTS = {
    400: (
        _l("Dit ging niet goed"),
        _l("De pagina kreeg iets wat hij niet kon lezen. Ga terug en probeer het nog een keer."),
    ),
    403: (_l("Deze pagina is niet voor u"), _l("U mag deze pagina niet zien. Denkt u dat dit niet klopt? Bel ons.")),
    404: (_l("Deze pagina bestaat niet"), _l("Misschien is de link oud of klopt er een letter niet.")),
    405: (_l("Dit ging niet goed"), _l("Deze pagina werkt niet zo. Ga terug en probeer het nog een keer.")),
    413: (_l("Dat is te veel tekst"), _l("Wat u stuurde is te lang. Maak het korter en probeer het nog een keer.")),
    429: (_l("Even rustig aan"), _l("Er kwamen veel verzoeken tegelijk. Wacht een minuut en probeer het dan opnieuw.")),
    500: (_l("Er ging bij ons iets mis"), _l("Dat ligt niet aan u. Probeer het over een paar minuten opnieuw.")),
}
# Inside the workspace, for a signed-in staff member: what happened, in their terms, and their start page.
STAFF_ERROR_TEXTS = {
    403: (_l("Deze pagina is niet voor uw account"),
          _l("Uw rol of uw organisatie mag deze pagina niet openen. Hoort u hier wel te kunnen komen? Vraag het de "
             "beheerder van de werkplek.")),
    404: (_l("Deze pagina of zaak is er niet"),
          _l("Misschien is de link oud, is de zaak gewist, of hoort hij bij een andere gemeente of organisatie.")),
}
STAFF_PREFIX = "/werkplek/"
CSRF_TEXT = (
    _l("Uw pagina was verlopen"),
    _l(
        "Voor uw veiligheid verloopt een pagina na een tijd. "
        "Ga terug, laad de pagina opnieuw en probeer het nog een keer."
    ),
)


def _render(code: int, title, message):
    try:
        return render_template("errors/error.html", code=code, title=title, message=message), code
    except Exception:  # e.g. a refused Host header leaves no URL adapter for the page's links
        return f"{title}. {message}", code, {"Content-Type": "text/plain; charset=utf-8"}


def _staff_error_page(code: int):
    """None unless a signed-in staff member met a 403 or 404 inside the workspace; resident pages stay as they are."""
    if code not in STAFF_ERROR_TEXTS or not (request.path + "/").startswith(STAFF_PREFIX):
        return None
    from portal.staff.access import current_staff, start_page

    try:
        member = current_staff()
        if member is None:
            return None
        title, message = STAFF_ERROR_TEXTS[code]
        return render_template("staff/error.html", title=title, message=message, home=start_page(member),
                               staff=member), code
    except Exception:  # no database or no URL adapter: the plain page below
        return None


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return _render(400, *CSRF_TEXT)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        staff_page = _staff_error_page(error.code)
        if staff_page is not None:
            return staff_page
        title, message = ERROR_TEXTS.get(error.code, ERROR_TEXTS[400])
        return _render(error.code or 500, title, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error: %s", type(error).__name__)
        return _render(500, *ERROR_TEXTS[500])
