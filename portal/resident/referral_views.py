"""Referral links from partners: count where people come from, without anything personal in the URL."""

from __future__ import annotations

from flask import current_app, redirect, session, url_for

from portal.db import get_session
from portal.resident import bp
from portal.resident.municipality_context import forget_municipality
from portal.services.referrals import ReferralContext, link_context, token_context


def _follow(context: ReferralContext | None):
    if context is None:
        return redirect(url_for(".show_start"))  # expired, tampered or unknown: the plain start page, no error
    session["source"], session["source_reason"] = context.source, context.source_reason
    if context.municipality is None:
        # A national partner does not say where someone lives: ask first, and show no municipality until then.
        forget_municipality()
        return redirect(url_for(".find_municipality", next=url_for(".show_start")))
    session["municipality"] = context.municipality
    return redirect(url_for(".show_start"))


@bp.get("/via/<string:code>")
def follow_referral(code: str):
    return _follow(link_context(get_session(), code))


@bp.get("/via/t/<string:token>")
def follow_referral_token(token: str):
    return _follow(token_context(get_session(), current_app.config["SECRET_KEY"], token))
