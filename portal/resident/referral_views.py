"""Referral links from partners: count where people come from, without anything personal in the URL."""

from __future__ import annotations

from flask import current_app, redirect, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.db import get_session
from portal.resident import bp
from portal.services.referrals import REFERRAL_SALT, REFERRAL_TOKEN_MAX_AGE, apply_token_context, find_link


@bp.get("/via/<string:code>")
def follow_referral(code: str):
    link = find_link(get_session(), code)
    if link is not None:
        session["source"], session["source_reason"] = link.code, link.reason
        session["municipality"] = link.municipality.slug
    return redirect(url_for(".show_start"))


@bp.get("/via/t/<string:token>")
def follow_referral_token(token: str):
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=REFERRAL_SALT)
    try:
        payload = serializer.loads(token, max_age=REFERRAL_TOKEN_MAX_AGE)
    except BadSignature:
        payload = None  # expired or tampered: the plain start page, no error
    if isinstance(payload, dict):
        apply_token_context(get_session(), payload, session)
    return redirect(url_for(".show_start"))
