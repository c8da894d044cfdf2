"""Referral links and signed referral tokens. They carry only non-identifying context: partner, reason, municipality."""

from __future__ import annotations

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Municipality, ReferralLink
from portal.services.municipalities import REFERRAL_REASONS

REFERRAL_SALT = "referral"
REFERRAL_TOKEN_MAX_AGE = 180 * 24 * 3600  # a letter or a bank-app banner lives for months


def find_link(session: Session, code: str) -> ReferralLink | None:
    return session.scalars(select(ReferralLink).where(ReferralLink.code == code)).first()


def make_token(secret_key: str, *, code: str, reason: str | None = None, municipality: str | None = None) -> str:
    payload = {"p": code}
    if reason:
        payload["r"] = reason
    if municipality:
        payload["m"] = municipality
    return URLSafeTimedSerializer(secret_key, salt=REFERRAL_SALT).dumps(payload)


def apply_token_context(session: Session, payload: dict, web_session) -> None:
    link = find_link(session, str(payload.get("p", "")))
    if link is None:
        return
    web_session["source"] = link.code
    reason = payload.get("r")
    web_session["source_reason"] = reason if reason in REFERRAL_REASONS else link.reason
    municipality = session.scalars(select(Municipality).where(Municipality.slug == payload.get("m"))).first()
    web_session["municipality"] = (municipality or link.municipality).slug
