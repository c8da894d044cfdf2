"""Sign-up drafts (save and resume), and turning a finished draft into exactly one case in the queue."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.casework import RESIDENT_ADDITION
from portal.domain.crisis import CrisisKind
from portal.domain.draft_context import DraftContext
from portal.domain.groups import ResidentGroup
from portal.domain.messages import MessageKind
from portal.models import Aanmelding, AanmeldingDraft, CaseEvent, Municipality
from portal.rules.deadlines import first_contact_deadlines
from portal.rules.reference import new_reference
from portal.services import referrals
from portal.services.outbox import ComposedMessage

DRAFT_LIFETIME = timedelta(days=14)
RESUME_SALT = "aanmelding-resume"
CONSENT_VERSION = 1


class DraftGone(LookupError):
    """The draft expired, was submitted, or was thrown away."""


class DraftIncomplete(ValueError):
    """A step the case needs (the municipality) has no answer: send the resident back to it."""


class ResumeLinkExpired(Exception):
    """The 14 days are over: the answers were wiped."""


class ResumeLinkInvalid(Exception):
    """Not a link we made (half copied, or changed)."""


class ResumeLinkUsed(Exception):
    """The link was opened and taken over before: the answers went on under a new link, on that phone or computer."""


class ResumeLinkSent(Exception):
    """The sign-up of this link was sent: nothing is lost, and nothing needs doing again."""

    def __init__(self, aanmelding: Aanmelding):
        super().__init__(aanmelding.reference)
        self.aanmelding = aanmelding


def start_draft(session: Session, context: DraftContext, unfinished: dict[str, dict] | None = None) -> AanmeldingDraft:
    """A new draft; `unfinished` fills steps in beforehand (slug -> data), for the resident to check and finish."""
    with transaction(session):
        session.execute(delete(AanmeldingDraft).where(AanmeldingDraft.expires_at < utcnow()))
        answers = {slug: {"data": data, "complete": False} for slug, data in (unfinished or {}).items()}
        draft = AanmeldingDraft(id=secrets.token_urlsafe(32), answers=answers, context=context.stored(),
                                expires_at=utcnow() + DRAFT_LIFETIME)
        session.add(draft)
    return draft


def get_draft(session: Session, draft_id: str | None) -> AanmeldingDraft | None:
    if not draft_id:
        return None
    draft = session.get(AanmeldingDraft, draft_id)
    if draft is None or draft.expires_at < utcnow():
        return None
    return draft


def save_step(session: Session, draft_id: str, step: str, data: dict, *, complete: bool,
              prefill: dict[str, dict] | None = None) -> AanmeldingDraft:
    """Saved even when not complete: nothing a resident typed is lost, also when they stop halfway.
    `prefill` (slug -> data): answers carried over from elsewhere (the money check), unconfirmed, only on steps the
    resident has not answered; it replaces what an earlier prefill left unconfirmed."""
    with transaction(session):
        draft = get_draft(session, draft_id)
        if draft is None:
            raise DraftGone(draft_id)
        answers = {**draft.answers, step: {"data": data, "complete": complete}}
        if prefill is not None:
            answers = {slug: answer for slug, answer in answers.items()
                       if not (answer.get("carried") and not answer.get("complete"))}
            answers.update({slug: {"data": carried, "complete": False, "carried": True}
                            for slug, carried in prefill.items() if slug not in answers})
        draft.answers = answers
        draft.updated_at = utcnow()
    return draft


def delete_draft(session: Session, draft_id: str | None) -> None:
    if draft_id:
        with transaction(session):
            session.execute(delete(AanmeldingDraft).where(AanmeldingDraft.id == draft_id))


def purge_expired_drafts(session: Session) -> int:
    with transaction(session):
        return session.execute(delete(AanmeldingDraft).where(AanmeldingDraft.expires_at < utcnow())).rowcount


def rotate_draft(session: Session, draft_id: str) -> str:
    """Give the draft a new id, so every resume link made before stops working (a link is used once)."""
    new_id = secrets.token_urlsafe(32)
    with transaction(session):
        draft = get_draft(session, draft_id)
        if draft is None:
            raise DraftGone(draft_id)
        answers, context, created_at, expires_at = draft.answers, draft.context, draft.created_at, draft.expires_at
        session.expunge(draft)
        # Delete first and count: of two uses of one link at the same moment, only one deletes the row.
        if session.execute(delete(AanmeldingDraft).where(AanmeldingDraft.id == draft_id)).rowcount != 1:
            raise DraftGone(draft_id)
        session.add(AanmeldingDraft(id=new_id, answers=answers, context=context, created_at=created_at,
                                    updated_at=utcnow(), expires_at=expires_at))
    return new_id


MAX_LINK_SENDS = 3


def send_resume_link(session: Session, draft_id: str, message: ComposedMessage) -> bool:
    """Counts the send and puts the message in the outbox in one transaction. At most a few per draft: the send
    form must not become a way to spam someone. False: none left (or the draft is gone), nothing queued."""
    with transaction(session):
        draft = get_draft(session, draft_id)
        if draft is None or draft.draft_context.links_sent >= MAX_LINK_SENDS:
            return False
        draft.context = draft.draft_context.with_link_sent().stored()
        message.enqueue(session, MessageKind.RESUME_LINK)
    return True


def resume_token(secret_key: str, draft_id: str, expires_at: datetime | None = None) -> str:
    """`expires_at`, the draft's end, lets a later visit tell a used link from an expired one."""
    payload = {"d": draft_id}
    if expires_at is not None:
        payload["e"] = int(expires_at.timestamp())
    return URLSafeTimedSerializer(secret_key, salt=RESUME_SALT).dumps(payload)


def draft_id_from_resume_token(session: Session, secret_key: str, token: str) -> str:
    """The draft id, or why not: ResumeLinkExpired (the draft is then deleted), ResumeLinkInvalid, ResumeLinkSent,
    ResumeLinkUsed (the draft went on under a new id, see rotate_draft)."""
    serializer = URLSafeTimedSerializer(secret_key, salt=RESUME_SALT)
    try:
        payload = serializer.loads(token, max_age=int(DRAFT_LIFETIME.total_seconds()))
    except SignatureExpired as exc:
        _, payload = serializer.loads_unsafe(token)  # the signature was valid, only old: safe to read the id
        delete_draft(session, (payload or {}).get("d"))
        raise ResumeLinkExpired from exc
    except BadSignature as exc:
        raise ResumeLinkInvalid from exc
    draft_id = payload.get("d") if isinstance(payload, dict) else None
    if get_draft(session, draft_id) is None:
        _why_the_draft_is_gone(session, draft_id, payload.get("e") if isinstance(payload, dict) else None)
    return draft_id


def _why_the_draft_is_gone(session: Session, draft_id: str | None, ends_at: int | None):
    sent = find_by_submission(session, draft_id) if draft_id else None
    if sent is not None:
        raise ResumeLinkSent(sent)
    if ends_at is None or ends_at <= utcnow().timestamp() or session.get(AanmeldingDraft, draft_id) is not None:
        # Past its end (an old link without `e` cannot tell, and then says the same as before).
        delete_draft(session, draft_id)
        raise ResumeLinkExpired
    raise ResumeLinkUsed


def _step(answers: dict, name: str) -> dict:
    return (answers.get(name) or {}).get("data") or {}


def _yes(value) -> bool:
    return value == "yes"


def aanmelding_fields(answers: dict, context: DraftContext) -> dict:
    """The case's fields from the steps' answers. Plain mapping, no database."""
    situation, urgent, reach = _step(answers, "situatie"), _step(answers, "dringend"), _step(answers, "bereikbaarheid")
    contact = _step(answers, "contact")
    crisis_kinds = [kind for kind in urgent.get("urgent", []) if kind in CrisisKind._value2member_map_]
    carried = context.selftest if _step(answers, "geldcheck").get("carry") == "yes" else None
    group = situation.get("group") or ResidentGroup.NONE
    if group == ResidentGroup.NONE and carried and carried.get("groups"):
        group = carried["groups"][0]
    eviction, cutoff = urgent.get("eviction_date"), urgent.get("cutoff_date")
    return {
        "topics": situation.get("topics", []),
        "own_words": (situation.get("own_words") or "").strip() or None,
        "group": group,
        "crisis": bool(crisis_kinds),
        "crisis_kinds": crisis_kinds,
        "eviction_date": date.fromisoformat(eviction) if eviction else None,
        "cutoff_date": date.fromisoformat(cutoff) if cutoff else None,
        "children": {"yes": "yes", "no": "no"}.get(_step(answers, "kinderen").get("children"), "unknown"),
        "call_name": contact.get("call_name", "").strip(),
        "phone": contact.get("phone") or None,
        "email": contact.get("email") or None,
        "postal_address": contact.get("postal_address") or None,
        "channels": contact.get("channels", []),
        "survey_ok": contact.get("survey_ok") is True,
        "best_times": reach.get("best_times", []),
        "voicemail_ok": _yes(reach.get("voicemail")),
        "may_say_municipality": _yes(reach.get("say_municipality")),
        "language": reach.get("language") or "nl",
        "interpreter": _yes(reach.get("interpreter")),
        "filled_in": context.filled_in,
        "assisted_by_id": context.assisted_by,
        "source": context.source,
        "source_reason": context.source_reason,
        "selftest_summary": carried,
        "share_consent": _step(answers, "toestemming").get("share") or None,
    }


def find_by_submission(session: Session, submission_key: str) -> Aanmelding | None:
    return session.scalars(select(Aanmelding).where(Aanmelding.submission_key == submission_key)).first()


def new_aanmelding(municipality: Municipality, *, submitted_at: datetime, submission_key: str,
                   **fields) -> Aanmelding:
    """A case for the coordinator's queue, not yet added to a session: its reference, and the promise and the legal
    deadline of first contact by the rules (portal/rules/deadlines.py) and the municipality's own promise. The one
    place that makes an Aanmelding: the resident's sign-up (`submit`) and an early-warning case whose household
    accepted help (services/early_warning_cases.py) both call it. The search index is written in the flush that
    inserts it (services/search_index.py)."""
    deadlines = first_contact_deadlines(submitted_at, crisis=fields.get("crisis", False),
                                        promise_days=municipality.first_contact_days,
                                        promise_crisis_working_days=municipality.crisis_working_days)
    return Aanmelding(reference=new_reference(), submission_key=submission_key, municipality=municipality,
                      submitted_at=submitted_at, consent_version=CONSENT_VERSION,
                      first_contact_due=deadlines.target, legal_deadline=deadlines.legal, **fields)


def submit(session: Session, draft_id: str, *, now: datetime | None = None,
           confirmation: Callable[[Aanmelding], ComposedMessage | None] | None = None) -> Aanmelding:
    """Idempotent: a double click, a refresh or two requests at once give exactly one case.

    `confirmation` composes the confirmation for the new case (None: the resident chose no way it could go); it is
    queued in the same transaction as the case, so the request that makes the case queues it and no other does."""
    existing = find_by_submission(session, draft_id)
    if existing is not None:
        return existing
    draft = get_draft(session, draft_id)
    if draft is None:
        # A concurrent submit of the same draft may have just finished (and deleted the draft): use its case.
        session.rollback()
        existing = find_by_submission(session, draft_id)
        if existing is not None:
            return existing
        raise DraftGone(draft_id)
    municipality_slug = _step(draft.answers, "postcode").get("municipality")
    municipality = session.scalars(select(Municipality).where(Municipality.slug == municipality_slug)).first()
    if municipality is None:
        raise DraftIncomplete("postcode")
    fields = aanmelding_fields(draft.answers, draft.draft_context)
    if referrals.counted_source(session, fields["source"], municipality.slug) is None:
        fields["source"] = fields["source_reason"] = None  # another municipality's link counts only there
    aanmelding = new_aanmelding(municipality, submitted_at=now or utcnow(), submission_key=draft_id, **fields)
    try:
        with transaction(session):
            session.add(aanmelding)
            session.flush()
            session.execute(delete(AanmeldingDraft).where(AanmeldingDraft.id == draft_id))
            composed = confirmation(aanmelding) if confirmation is not None else None
            if composed is not None:
                composed.enqueue(session, MessageKind.CONFIRMATION, aanmelding_id=aanmelding.id,
                                 dedupe_key=f"confirmation:{aanmelding.id}")
    except IntegrityError:
        # Another request for the same draft won the race (or, very rarely, the reference was taken): use theirs.
        existing = find_by_submission(session, draft_id)
        if existing is None:
            return submit(session, draft_id, now=now, confirmation=confirmation)
        return existing
    return aanmelding


def find_by_reference(session: Session, reference: str) -> Aanmelding | None:
    return session.scalars(select(Aanmelding).where(Aanmelding.reference == reference)).first()


# After sending: the device remembers that it sent one, so a worried resident is not sent to make a second.
SENT_DEVICE_SALT = "aanmelding-sent-on-this-device"
SENT_DEVICE_LIFETIME = timedelta(days=30)


def sent_device_marker(secret_key: str, aanmelding: Aanmelding) -> str:
    """An opaque, signed value for a cookie: the case's random submission key, never a name or the reference."""
    return URLSafeTimedSerializer(secret_key, salt=SENT_DEVICE_SALT).dumps(aanmelding.submission_key)


def sent_from_marker(session: Session, secret_key: str, marker: str | None) -> Aanmelding | None:
    if not marker:
        return None
    try:
        key = URLSafeTimedSerializer(secret_key, salt=SENT_DEVICE_SALT).loads(
            marker, max_age=int(SENT_DEVICE_LIFETIME.total_seconds()))
    except BadSignature:  # SignatureExpired too
        return None
    return find_by_submission(session, key) if isinstance(key, str) else None


MAX_ADDITIONS_PER_DAY = 3
ADDITION_MAX_LENGTH = 1000


class AdditionRefused(Exception):
    """Enough additions today: the resident is asked to call instead."""


def add_from_resident(session: Session, aanmelding: Aanmelding, text: str, *, now: datetime | None = None) -> None:
    """The text lands, encrypted, on the case's timeline for the coordinator. A few a day, so a shared phone or a
    script cannot flood a case."""
    now = now or utcnow()
    with transaction(session):
        today = session.scalar(select(func.count()).select_from(CaseEvent).where(
            CaseEvent.aanmelding_id == aanmelding.id, CaseEvent.kind == RESIDENT_ADDITION,
            CaseEvent.at > now - timedelta(days=1)))
        if today >= MAX_ADDITIONS_PER_DAY:
            raise AdditionRefused(aanmelding.reference)
        session.add(CaseEvent(aanmelding_id=aanmelding.id, staff_id=None, kind=RESIDENT_ADDITION, at=now,
                              text=text.strip()[:ADDITION_MAX_LENGTH]))
