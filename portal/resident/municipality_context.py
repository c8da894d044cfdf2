"""The resident's municipality, once they told us their postcode (or a referral link or a draft did): only its slug
sits in the session. Every page's footer shows its number and opening hours from here; no municipality, no number."""

from __future__ import annotations

from flask import current_app, g, session
from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_session
from portal.models import Municipality
from portal.resident import bp
from portal.rules.quick_exit import DEFAULT_QUICK_EXIT_URL
from portal.services.municipalities import find_by_slug

SESSION_KEY = "municipality"


def remember_municipality(municipality: Municipality) -> None:
    session[SESSION_KEY] = municipality.slug
    g.chosen_municipality = municipality


def forget_municipality() -> None:
    session.pop(SESSION_KEY, None)
    g.chosen_municipality = None


def chosen_municipality_slug() -> str | None:
    """What the session says, without a lookup: the key of portal/page_cache.py's pages."""
    return session.get(SESSION_KEY)


def chosen_municipality() -> Municipality | None:
    if "chosen_municipality" not in g:
        slug = session.get(SESSION_KEY)
        g.chosen_municipality = find_by_slug(get_session(), slug) if slug else None
    return g.chosen_municipality


def _known_for_the_footer() -> Municipality | None:
    try:
        return chosen_municipality()
    except SQLAlchemyError:  # an error page about the database itself still renders, without the number
        current_app.logger.warning("The footer could not look up the municipality")
        return None


def quick_exit_url() -> str:
    """Where "Snel weg" leads: the page the resident's municipality chose, else the safe default."""
    municipality = _known_for_the_footer()
    return municipality.quick_exit_url if municipality and municipality.quick_exit_url else DEFAULT_QUICK_EXIT_URL


@bp.app_context_processor
def _municipality_on_every_page() -> dict:
    """What every page shows of the resident's municipality: the footer's number and where "Snel weg" leads.
    Lazy: only a page that shows them looks the municipality up, once per request (error pages too: app-wide)."""
    return {"known_municipality": _known_for_the_footer, "quick_exit_url": quick_exit_url}
