"""The short link printed on a letter (/b/<token>): it tells us which municipality wrote, nothing about who got it."""

from __future__ import annotations

from flask import current_app, redirect, render_template, session, url_for

from portal.db import get_session
from portal.domain.early_warning import EARLY_WARNING_SOURCE
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality, remember_municipality
from portal.services.letters import link_target
from portal.services.visits import count_visit


@bp.get("/b/<string:token>")
def follow_letter_link(token: str):
    """A good link sets the municipality and moves on, so the token stays out of the page's address and history;
    an expired or tampered one opens the start page, without an error. An early-warning invitation's link counts the
    visit (a day count, no address, no link to the household) and makes it the source of a sign-up that follows, the
    way a referral link does."""
    target = link_target(get_session(), current_app.config["SECRET_KEY"], token)
    if target is None:
        return redirect(url_for(".show_start"))
    remember_municipality(target.municipality)
    if target.outreach:
        count_visit(get_session(), target.municipality.slug, EARLY_WARNING_SOURCE)
        session["source"], session["source_reason"] = EARLY_WARNING_SOURCE, None
    return redirect(url_for(".show_letter_welcome"))


@bp.get("/brief")
def show_letter_welcome():
    municipality = chosen_municipality()
    if municipality is None:
        return redirect(url_for(".show_start"))
    return render_template("resident/letter-welcome.html", municipality=municipality)
