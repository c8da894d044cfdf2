"""The resident's municipality, once they told us their postcode: only its slug sits in the session."""

from __future__ import annotations

from flask import g, session

from portal.db import get_session
from portal.models import Municipality
from portal.services.municipalities import find_by_slug

SESSION_KEY = "municipality"


def remember_municipality(municipality: Municipality) -> None:
    session[SESSION_KEY] = municipality.slug


def forget_municipality() -> None:
    session.pop(SESSION_KEY, None)
    g.chosen_municipality = None


def chosen_municipality() -> Municipality | None:
    if "chosen_municipality" not in g:
        slug = session.get(SESSION_KEY)
        g.chosen_municipality = find_by_slug(get_session(), slug) if slug else None
    return g.chosen_municipality
