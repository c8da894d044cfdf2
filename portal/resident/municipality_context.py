"""The resident's municipality, once they told us their postcode: only its slug sits in the session."""

from __future__ import annotations

from flask import g, session

from portal.db import get_session
from portal.models import Municipality
from portal.rules.quick_exit import DEFAULT_QUICK_EXIT_URL
from portal.services.municipalities import find_by_slug

SESSION_KEY = "municipality"


def remember_municipality(municipality: Municipality) -> None:
    session[SESSION_KEY] = municipality.slug


def chosen_municipality() -> Municipality | None:
    if "chosen_municipality" not in g:
        slug = session.get(SESSION_KEY)
        g.chosen_municipality = find_by_slug(get_session(), slug) if slug else None
    return g.chosen_municipality


def quick_exit_url() -> str:
    """Where "Snel weg" leads: the page the resident's municipality chose, else the safe default."""
    municipality = chosen_municipality()
    return municipality.quick_exit_url if municipality and municipality.quick_exit_url else DEFAULT_QUICK_EXIT_URL
