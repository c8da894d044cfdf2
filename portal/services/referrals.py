"""Referral links and signed referral tokens. They carry only non-identifying context: partner, reason, municipality."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.models import ReferralLink
from portal.rules.referrals import counts_for, referral_municipality
from portal.services.municipalities import REFERRAL_REASONS

REFERRAL_SALT = "referral"
REFERRAL_TOKEN_MAX_AGE = 180 * 24 * 3600  # a letter or a bank-app banner lives for months


@dataclass(frozen=True)
class ReferralContext:
    """Where a resident came from, for the view to remember; the service knows no web session.

    municipality None: a national partner's link, so the resident is asked where they live first."""

    source: str
    source_reason: str | None
    municipality: str | None


def find_link(session: Session, code: str) -> ReferralLink | None:
    stmt = select(ReferralLink).where(ReferralLink.code == code).options(joinedload(ReferralLink.municipality))
    return session.scalars(stmt).first()


def _slug(link: ReferralLink) -> str | None:
    return link.municipality.slug if link.municipality else None


def make_token(secret_key: str, *, code: str, reason: str | None = None) -> str:
    """The link decides the municipality, so a token never names one (see rules/referrals.py)."""
    payload = {"p": code}
    if reason:
        payload["r"] = reason
    return URLSafeTimedSerializer(secret_key, salt=REFERRAL_SALT).dumps(payload)


def link_context(session: Session, code: str) -> ReferralContext | None:
    link = find_link(session, code)
    if link is None:
        return None
    return ReferralContext(source=link.code, source_reason=link.reason, municipality=_slug(link))


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
    return ReferralContext(
        source=link.code,
        source_reason=reason if reason in REFERRAL_REASONS else link.reason,
        # Tokens made before links had their own municipality could name another one ("m").
        municipality=referral_municipality(_slug(link), payload.get("m")),
    )


def counted_source(session: Session, code: str | None, municipality: str | None) -> str | None:
    """The link code to store with a sign-up or count in `municipality`; None when it is another municipality's."""
    if not code:
        return None
    link = find_link(session, code)
    if link is not None and not counts_for(_slug(link), municipality):
        return None
    return code  # also a link removed from the data since: it was the resident's way in
