"""The short link printed on a letter (/b/<token>): it tells us which municipality wrote, nothing about who got it."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from portal.db import get_session
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality, remember_municipality
from portal.services.letters import municipality_of_link


@bp.get("/b/<string:token>")
def follow_letter_link(token: str):
    """A good link sets the municipality and moves on, so the token stays out of the page's address and history;
    an expired or tampered one opens the start page, without an error."""
    municipality = municipality_of_link(get_session(), current_app.config["SECRET_KEY"], token)
    if municipality is None:
        return redirect(url_for(".show_start"))
    remember_municipality(municipality)
    return redirect(url_for(".show_letter_welcome"))


@bp.get("/brief")
def show_letter_welcome():
    municipality = chosen_municipality()
    if municipality is None:
        return redirect(url_for(".show_start"))
    return render_template("resident/letter-welcome.html", municipality=municipality)
