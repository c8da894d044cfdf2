"""Referral links from partners: count where people come from, without anything personal in the URL."""

from __future__ import annotations

from flask import current_app, redirect, session, url_for

from portal.db import get_session
from portal.resident import bp
from portal.services.referrals import ReferralContext, link_context, token_context


def _remember(context: ReferralContext | None) -> None:
    if context is not None:
        session["source"], session["source_reason"] = context.source, context.source_reason
        session["municipality"] = context.municipality


@bp.get("/via/<string:code>")
def follow_referral(code: str):
    _remember(link_context(get_session(), code))
    return redirect(url_for(".show_start"))


@bp.get("/via/t/<string:token>")
def follow_referral_token(token: str):
    # Expired or tampered: the plain start page, no error.
    _remember(token_context(get_session(), current_app.config["SECRET_KEY"], token))
    return redirect(url_for(".show_start"))
