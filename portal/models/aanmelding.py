"""A sign-up (aanmelding): the resident's request for help, and the case the ketenregisseur picks up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.draft_context import DraftContext, FilledIn
from portal.domain.status import AanmeldingStatus
from portal.encryption import EncryptedJSON, EncryptedText
from portal.models.municipality import Municipality
from portal.models.staff import StaffMember


class Aanmelding(Base):
    __tablename__ = "aanmelding"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(7), unique=True)
    # The draft's random id: a second submit of the same draft finds this row instead of making another.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    status: Mapped[AanmeldingStatus] = mapped_column(String(20), default=AanmeldingStatus.NEW)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    # What is going on
    topics: Mapped[list] = mapped_column(JSON, default=list)
    own_words: Mapped[str | None] = mapped_column(EncryptedText)
    group: Mapped[str] = mapped_column(String(20), default="none")
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    crisis_kinds: Mapped[list] = mapped_column(JSON, default=list)
    eviction_date: Mapped[date | None] = mapped_column(Date)
    cutoff_date: Mapped[date | None] = mapped_column(Date)  # energy or water to be cut off on this day
    children: Mapped[str] = mapped_column(String(12), default="unknown")  # yes / no / unknown

    # How we may reach the resident (encrypted at rest, like every free text: portal/encryption.py)
    call_name: Mapped[str] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    postal_address: Mapped[str | None] = mapped_column(EncryptedText)
    channels: Mapped[list] = mapped_column(JSON, default=list)
    best_times: Mapped[list] = mapped_column(JSON, default=list)
    voicemail_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    may_say_municipality: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(10), default="nl")
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)

    # Where it came from. `channels` above are the ways to reach the resident; this is how the form was filled in:
    # online by the resident alone, or assisted, together with a staff member (assisted_by).
    filled_in: Mapped[str] = mapped_column(String(20), default=FilledIn.ONLINE)
    source: Mapped[str | None] = mapped_column(String(60))  # referral link code
    source_reason: Mapped[str | None] = mapped_column(String(40))
    selftest_summary: Mapped[dict | None] = mapped_column(EncryptedJSON)  # only when the resident said yes
    # May we pass the details on to the partner that will help (domain/handover.py ShareConsent)? None: not asked,
    # which counts as "ask me first". Asked in the sign-up, or recorded by the coordinator after a call.
    share_consent: Mapped[str | None] = mapped_column(String(20))
    # May we send one short survey after the case closes (services/survey.py)? None: not asked, which is no.
    survey_ok: Mapped[bool | None] = mapped_column(Boolean)

    consent_version: Mapped[int]
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    first_contact_at: Mapped[datetime | None]
    handed_over_to: Mapped[str | None] = mapped_column(String(160))
    closed_reason: Mapped[str | None] = mapped_column(String(30))
    closed_at: Mapped[datetime | None]
    first_contact_due: Mapped[date] = mapped_column(Date)
    legal_deadline: Mapped[date] = mapped_column(Date)

    municipality: Mapped[Municipality] = relationship()
    assigned_to: Mapped[StaffMember | None] = relationship(foreign_keys=[assigned_to_id])
    assisted_by: Mapped[StaffMember | None] = relationship(foreign_keys=[assisted_by_id])

    __table_args__ = (
        # The queue: one municipality's open cases by urgency and deadline.
        Index("ix_aanmelding_queue", "municipality_id", "status", "crisis", "first_contact_due"),
        Index("ix_aanmelding_source", "municipality_id", "source"),
        # The crisis and overdue counts on top of the queue (services/cases.open_counts), read from the index alone.
        Index("ix_aanmelding_open_counts", "municipality_id", "status", "first_contact_due", "first_contact_at",
              "crisis"),
    )


class AanmeldingDraft(Base):
    """A sign-up in progress. Deleted on submit, on 'start again', or 14 days after it was started."""

    __tablename__ = "aanmelding_draft"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Encrypted: the answers hold the same personal data as the case will.
    answers: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    context: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)  # referral source, carried-over money check
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    @property
    def draft_context(self) -> DraftContext:
        return DraftContext.from_stored(self.context)


class ReferralLink(Base):
    """A short link a partner puts in a bank app, a letter (QR code) or a GP's leaflet: /via/<code>.

    A municipality's link sets that municipality and counts for it alone; a national partner's link (no
    municipality) sets none, so the resident is asked where they live first.
    """

    __tablename__ = "referral_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"),
                                                        index=True)
    partner: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(30))  # one of REFERRAL_CHANNELS in services/municipalities.py
    reason: Mapped[str | None] = mapped_column(String(40))

    municipality: Mapped[Municipality | None] = relationship(back_populates="referral_links")
