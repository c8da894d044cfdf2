"""The client experience survey: the invitation when a case closes, the answer that spends it, and the purge of
invitations nobody used. Nothing here links an answer to a case: the invitation carries only what the answer keeps
(municipality, month, channel, route), and answering deletes it in the same transaction (models/survey.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.casework import CloseReason
from portal.domain.handover import OverdrachtState
from portal.domain.messages import MessageKind
from portal.domain.status import AanmeldingStatus
from portal.domain.survey import INVITATION_DAYS, HelpRoute
from portal.models import Aanmelding, Klantervaring, Klantervaringsuitnodiging
from portal.models.handover import Overdracht
from portal.models.municipality import Partner
from portal.rules.deadlines import local_date
from portal.rules.signup_channel import signup_channel
from portal.rules.token_hash import token_hash
from portal.security import public_url
from portal.services import message_texts, outbox
from portal.services.source_labels import referral_links

# No survey after these: someone outside the municipality was never our resident, and a case closed for no contact
# never spoke to us, so they cannot say how the help went (and a link out of the blue would puzzle them).
NO_SURVEY_REASONS = frozenset({CloseReason.OUTSIDE_MUNICIPALITY, CloseReason.NO_CONTACT})
SURVEY_PATH = "/ervaring/"
REMARK_MAX_LENGTH = 1000


class InvitationGone(LookupError):
    """Unknown, used or expired: the page says the same for all three, so a guess learns nothing."""


@dataclass(frozen=True)
class Answers:
    reachable: str | None = None
    heard: str | None = None
    next_steps_clear: str | None = None
    waiting: str | None = None
    mark: int | None = None
    remark: str | None = None


def help_route(session: Session, aanmelding: Aanmelding) -> HelpRoute:
    """The kind of partner that accepted the case last (a warm handover), else the partner named by the older
    'handed over' status, else the municipality itself."""
    kind = session.scalars(select(Partner.kind).join(Overdracht, Overdracht.partner_id == Partner.id).where(
        Overdracht.aanmelding_id == aanmelding.id, Overdracht.state == OverdrachtState.ACCEPTED)
        .order_by(Overdracht.decided_at.desc(), Overdracht.id.desc())).first()
    if kind is None and aanmelding.handed_over_to:
        kind = next((p.kind for p in aanmelding.municipality.partners if p.name == aanmelding.handed_over_to), None)
    return HelpRoute._value2member_map_.get(kind or "", HelpRoute.MUNICIPALITY)


def invite_on_close(session: Session, aanmelding: Aanmelding, *, now: datetime) -> bool:
    """Called inside the transaction that closes the case: an invitation and its message, or nothing (no yes, no
    written way they chose, a reason without a survey, already invited). True when invited."""
    if aanmelding.status != AanmeldingStatus.CLOSED or aanmelding.closed_reason in NO_SURVEY_REASONS:
        return False
    route = outbox.route_to(aanmelding)
    dedupe_key = f"survey:{aanmelding.id}"
    if aanmelding.survey_ok is not True or route is None or outbox.already_queued(session, dedupe_key):
        return False
    links = {link.code: link.channel for link in referral_links(session, aanmelding.municipality_id)}
    token = secrets.token_urlsafe(16)
    language = message_texts.language_of(aanmelding)
    session.add(Klantervaringsuitnodiging(
        token_hash=token_hash(token), municipality_id=aanmelding.municipality_id,
        month=local_date(now).strftime("%Y-%m"),
        channel=str(signup_channel(filled_in=aanmelding.filled_in, source=aanmelding.source,
                                   link_channel=links.get(aanmelding.source or ""))),
        route=str(help_route(session, aanmelding)), language=language,
        expires_at=now + timedelta(days=INVITATION_DAYS)))
    subject, body = message_texts.survey_invitation(aanmelding, public_url(SURVEY_PATH + token))
    channel, address = route
    outbox.enqueue(session, kind=MessageKind.SURVEY, channel=channel, to=address, body=body, subject=subject,
                   language=language, aanmelding_id=aanmelding.id, dedupe_key=dedupe_key)
    return True


def open_invitation(session: Session, token: str, *, now: datetime | None = None) -> Klantervaringsuitnodiging:
    invitation = session.scalars(select(Klantervaringsuitnodiging)
                                 .where(Klantervaringsuitnodiging.token_hash == token_hash(token))).first()
    if invitation is None or invitation.expires_at <= (now or utcnow()):
        raise InvitationGone
    return invitation


def answer(session: Session, token: str, answers: Answers, *, now: datetime | None = None) -> None:
    """Stores the answer and deletes the invitation, in one transaction. The delete counts the rows it removed: of
    two answers sent at once with the same link, only the one whose delete removed the row is kept."""
    with transaction(session):
        invitation = open_invitation(session, token, now=now)
        removed = session.execute(delete(Klantervaringsuitnodiging)
                                  .where(Klantervaringsuitnodiging.id == invitation.id)).rowcount
        if removed != 1:
            raise InvitationGone
        session.add(Klantervaring(
            municipality_id=invitation.municipality_id, month=invitation.month, channel=invitation.channel,
            route=invitation.route, reachable=answers.reachable, heard=answers.heard,
            next_steps_clear=answers.next_steps_clear, waiting=answers.waiting, mark=answers.mark,
            remark=(answers.remark or "").strip()[:REMARK_MAX_LENGTH] or None))


def purge_expired(session: Session, *, now: datetime | None = None) -> int:
    """Invitations past their end: their link no longer works, so nothing is lost."""
    with transaction(session):
        return session.execute(delete(Klantervaringsuitnodiging)
                               .where(Klantervaringsuitnodiging.expires_at <= (now or utcnow()))).rowcount
