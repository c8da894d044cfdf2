from flask import current_app, make_response, redirect, render_template, request

from portal.page_cache import same_for_everyone
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality, chosen_municipality_slug
from portal.security import safe_next


@bp.get("/")
def show_start():
    return same_for_everyone("start", chosen_municipality_slug(),
                             lambda: render_template("resident/start.html", municipality=chosen_municipality()))


@bp.get("/taal/<string:code>")
def choose_language(code: str):
    # A plain link (not a form) so that it works without JavaScript and from any page.
    response = make_response(redirect(safe_next(request.args.get("next"))))
    if code in current_app.config["SUPPORTED_LOCALES"]:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE_NAME"], code, path="/", max_age=365 * 24 * 3600, httponly=True,
            samesite="Lax", secure=current_app.config["LANGUAGE_COOKIE_SECURE"],
        )
    return response


@bp.get("/geschiedenis-wissen")
def show_clear_history():
    return render_template("resident/clear-history.html", municipality=chosen_municipality())


@bp.get("/toegankelijkheid")
def show_accessibility():
    return render_template("resident/accessibility.html", municipality=chosen_municipality())
