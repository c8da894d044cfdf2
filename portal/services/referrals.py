"""Referral links and signed referral tokens. They carry only non-identifying context: partner, reason, municipality."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Municipality, ReferralLink
from portal.services.municipalities import REFERRAL_REASONS

REFERRAL_SALT = "referral"
REFERRAL_TOKEN_MAX_AGE = 180 * 24 * 3600  # a letter or a bank-app banner lives for months


@dataclass(frozen=True)
class ReferralContext:
    """Where a resident came from, for the view to remember; the service knows no web session."""

    source: str
    source_reason: str | None
    municipality: str


def find_link(session: Session, code: str) -> ReferralLink | None:
    return session.scalars(select(ReferralLink).where(ReferralLink.code == code)).first()


def make_token(secret_key: str, *, code: str, reason: str | None = None, municipality: str | None = None) -> str:
    payload = {"p": code}
    if reason:
        payload["r"] = reason
    if municipality:
        payload["m"] = municipality
    return URLSafeTimedSerializer(secret_key, salt=REFERRAL_SALT).dumps(payload)


def link_context(session: Session, code: str) -> ReferralContext | None:
    link = find_link(session, code)
    if link is None:
        return None
    return ReferralContext(source=link.code, source_reason=link.reason, municipality=link.municipality.slug)


def token_context(session: Session, secret_key: str, token: str) -> ReferralContext | None:
    """The token's partner, reason and municipality; None when it is expired, tampered or names no link."""
    try:
        payload = URLSafeTimedSerializer(secret_key, salt=REFERRAL_SALT).loads(token, max_age=REFERRAL_TOKEN_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    link = find_link(session, str(payload.get("p", "")))
    if link is None:
        return None
    reason = payload.get("r")
    municipality = session.scalars(select(Municipality).where(Municipality.slug == payload.get("m"))).first()
    return ReferralContext(
        source=link.code,
        source_reason=reason if reason in REFERRAL_REASONS else link.reason,
        municipality=(municipality or link.municipality).slug,
    )
