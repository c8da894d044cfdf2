"""Letters: outbox messages on paper. The municipality prints them (NotifyNL sends none) and marks them posted.

A letter waits in the outbox (state queued, channel letter; the Notify worker never claims one) until a coordinator
downloads the day's letters as one PDF (portal/letters/) and marks them posted (state sent, with the time). Every
look and download is written to the audit log with counts, never an address.

The letter carries a short link to the portal with a signed token: the letter's random reference (OutboxMessage.
reference, a uuid; no personal data), signed with its own salt and read back with its own max_age. The link only
tells the portal which municipality wrote, so the resident sees its number at once.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, joinedload

from portal.db import transaction, utcnow
from portal.domain.messages import MessageChannel, MessageState
from portal.models import Aanmelding, Municipality, OutboxMessage, StaffMember, Vroegsignaalzaak
from portal.services import audit

LINK_SALT = "letter-link"
LINK_MAX_AGE = 180 * 24 * 3600  # a letter is kept on the fridge for months
BATCH_LIMIT = 500  # letters in one PDF: a day's post of a large municipality, and a file a browser still opens


class LetterNotFound(LookupError):
    """No letter with this id in this case of the member's municipality (or its text was already emptied)."""


def _signer(secret_key: str) -> TimestampSigner:
    return TimestampSigner(secret_key, salt=LINK_SALT)


def link_token(secret_key: str, reference: str) -> str:
    """The uuid's 16 bytes, base64url (22 characters), signed with a timestamp: about 57 characters to type."""
    raw = base64.urlsafe_b64encode(uuid.UUID(reference).bytes).rstrip(b"=")
    return _signer(secret_key).sign(raw).decode("ascii")


def reference_of(secret_key: str, token: str, *, max_age: int = LINK_MAX_AGE) -> str | None:
    """The letter's reference; None when the token is expired, tampered with or not one of ours."""
    try:
        raw = _signer(secret_key).unsign(token.encode("ascii"), max_age=max_age)
        return str(uuid.UUID(bytes=base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))))
    except (BadSignature, UnicodeEncodeError, binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class LinkTarget:
    municipality: Municipality
    outreach: bool  # an early-warning invitation: the visit counts as source "vroegsignalering"


def link_target(session: Session, secret_key: str, token: str) -> LinkTarget | None:
    """The municipality that sent the letter behind this link, and whether it was an early-warning invitation; None
    when the link is no good (or the case it belonged to is gone)."""
    reference = reference_of(secret_key, token)
    if reference is None:
        return None
    letter = session.scalars(select(OutboxMessage).where(OutboxMessage.reference == reference,
                                                         OutboxMessage.channel == MessageChannel.LETTER)).first()
    if letter is None:
        return None
    if letter.aanmelding_id is not None:
        return LinkTarget(session.get(Aanmelding, letter.aanmelding_id).municipality, outreach=False)
    if letter.vroegsignaalzaak_id is not None:
        return LinkTarget(session.get(Vroegsignaalzaak, letter.vroegsignaalzaak_id).municipality, outreach=True)
    return None


def municipality_of_link(session: Session, secret_key: str, token: str) -> Municipality | None:
    """The municipality that sent the letter behind this link; None when the link is no good (or the case is gone)."""
    target = link_target(session, secret_key, token)
    return target.municipality if target else None


def _of_municipality(member: StaffMember):
    """A sign-up's letters and an early-warning case's outreach letters, of the member's municipality."""
    return (select(OutboxMessage)
            .outerjoin(Aanmelding, OutboxMessage.aanmelding_id == Aanmelding.id)
            .outerjoin(Vroegsignaalzaak, OutboxMessage.vroegsignaalzaak_id == Vroegsignaalzaak.id)
            .where(or_(Aanmelding.municipality_id == member.municipality_id,
                       Vroegsignaalzaak.municipality_id == member.municipality_id),
                   OutboxMessage.channel == MessageChannel.LETTER)
            .options(joinedload(OutboxMessage.aanmelding).joinedload(Aanmelding.municipality),
                     joinedload(OutboxMessage.vroegsignaalzaak).joinedload(Vroegsignaalzaak.municipality)))


def _waiting_select(member: StaffMember, now: datetime, up_to: int | None):
    stmt = _of_municipality(member).where(OutboxMessage.state == MessageState.QUEUED,
                                          OutboxMessage.next_attempt_at <= now,
                                          OutboxMessage.text_removed_at.is_(None))
    if up_to is not None:
        stmt = stmt.where(OutboxMessage.id <= up_to)
    return stmt.order_by(OutboxMessage.id).limit(BATCH_LIMIT)


@dataclass(frozen=True)
class WaitingLetters:
    letters: list[OutboxMessage]
    up_to: int | None  # the newest letter shown: the download and "posted" act on these, never on a newer one


def waiting(session: Session, member: StaffMember, *, now: datetime | None = None) -> WaitingLetters:
    """The member's municipality's letters waiting to be printed, oldest first; the look is audit-logged."""
    letters = list(session.scalars(_waiting_select(member, now or utcnow(), None)))
    audit.record(session, member, "letters_viewed", detail=f"waiting: {len(letters)}")
    return WaitingLetters(letters, letters[-1].id if letters else None)


def download_waiting(session: Session, member: StaffMember, up_to: int, *,
                     now: datetime | None = None) -> list[OutboxMessage]:
    """The waiting letters up to the one the page showed last, for one PDF; audit-logged with the count."""
    letters = list(session.scalars(_waiting_select(member, now or utcnow(), up_to)))
    audit.record(session, member, "letters_downloaded", detail=f"letters: {len(letters)}; up to: {up_to}")
    return letters


def mark_posted(session: Session, member: StaffMember, up_to: int, *, now: datetime | None = None) -> int:
    """The waiting letters up to the one the page showed last are posted (state sent, with the time). Returns how
    many; a letter another coordinator marked a moment ago is not counted twice."""
    now = now or utcnow()
    ids = [m.id for m in session.scalars(_waiting_select(member, now, up_to))]
    with transaction(session):
        posted = session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.state == MessageState.QUEUED)
            .values(state=MessageState.SENT, sent_at=now, state_at=now)
            .execution_options(synchronize_session=False)).rowcount if ids else 0
    audit.record(session, member, "letters_posted", detail=f"letters: {posted}; up to: {up_to}")
    return posted


def for_case(session: Session, aanmelding_id: int) -> list[OutboxMessage]:
    """A case's letters, newest first (the case page offers each one's PDF while its text is kept)."""
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.aanmelding_id == aanmelding_id,
                                                            OutboxMessage.channel == MessageChannel.LETTER)
                                .order_by(OutboxMessage.id.desc())))


def letter_of_case(session: Session, member: StaffMember, case_id: int, letter_id: int) -> OutboxMessage:
    """One letter of a case of the member's municipality, for its PDF; audit-logged with the case. Raises
    LetterNotFound for another municipality's, another case's, or one whose text was emptied."""
    letter = session.scalars(_of_municipality(member).where(OutboxMessage.id == letter_id,
                                                            OutboxMessage.aanmelding_id == case_id,
                                                            OutboxMessage.text_removed_at.is_(None))).first()
    if letter is None:
        raise LetterNotFound(letter_id)
    audit.record(session, member, "letter_downloaded", aanmelding_id=case_id, detail="letters: 1")
    return letter
