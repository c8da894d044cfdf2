"""Early warning (vroegsignalering): signals of payment arrears and the household cases they make.

The names follow VNG's DDAS model (Vroegsignaal, Vroegsignaalzaak, Contactpoging); the closed lists are in
portal/domain/early_warning.py. Everything that names or locates a person is encrypted at rest; a household is found
again by a keyed digest (portal/blind_index.py) of its BSN, or of postcode + huisnummer + toevoeging, never by
decrypting the table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.early_warning import Signaalstatus
from portal.encryption import EncryptedText
from portal.models.aanmelding import Aanmelding
from portal.models.municipality import Municipality
from portal.models.staff import StaffMember


class Vroegsignaalzaak(Base):
    """One household's early-warning case: one or more signals within the matching period."""

    __tablename__ = "vroegsignaalzaak"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    # Keyed digest of the household (blind index kind "household"): repeat signals find this case by it.
    household_digest: Mapped[str] = mapped_column(String(64))
    household_key_id: Mapped[str] = mapped_column(String(8))  # which BLIND_INDEX_KEYS key wrote it (rotation)
    approach: Mapped[str] = mapped_column(String(20))  # domain Approach, from rules/early_warning_triage.py
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    # First contact due (working days for a crisis; the municipality's term otherwise).
    due_on: Mapped[date] = mapped_column(Date)
    matched_on: Mapped[date] = mapped_column(Date)  # DDAS matchingsdatum: the day the signals were grouped
    matching_start: Mapped[date] = mapped_column(Date)  # DDAS startdatumMatchingperiode
    matching_end: Mapped[date] = mapped_column(Date)  # DDAS einddatumMatchingperiode
    picked_up_on: Mapped[date | None] = mapped_column(Date)  # DDAS datumOpgepakt
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), index=True)
    invited_at: Mapped[datetime | None]  # the outreach letter and sms were queued (approach LETTER_SMS)
    result: Mapped[str | None] = mapped_column(String(80))  # DDAS EnumEindresultaat; None while open
    closed_at: Mapped[datetime | None]
    # "Help accepted" made this sign-up in the coordinator's queue (source "vroegsignalering").
    aanmelding_id: Mapped[int | None] = mapped_column(ForeignKey("aanmelding.id", ondelete="SET NULL"), unique=True)
    # A signal for a household in after-care lands here, closed as "already known", and shows on that after-care.
    nazorg_id: Mapped[int | None] = mapped_column(ForeignKey("nazorgtraject.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    signals: Mapped[list[Vroegsignaal]] = relationship(back_populates="zaak", order_by="Vroegsignaal.signalled_on")
    contactpogingen: Mapped[list[Contactpoging]] = relationship(
        back_populates="zaak", cascade="all, delete-orphan", order_by="Contactpoging.id")
    assigned_to: Mapped[StaffMember | None] = relationship()
    aanmelding: Mapped[Aanmelding | None] = relationship()
    municipality: Mapped[Municipality] = relationship()  # an outreach letter's letterhead

    __table_args__ = (
        # The early-warning queue: one municipality's open cases by urgency and due date.
        Index("ix_vroegsignaalzaak_queue", "municipality_id", "result", "crisis", "due_on"),
        Index("ix_vroegsignaalzaak_household", "municipality_id", "household_digest"),
    )


class Vroegsignaal(Base):
    """One reported arrear, as the matching system delivered it. The file itself is never kept."""

    __tablename__ = "vroegsignaal"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    zaak_id: Mapped[int] = mapped_column(ForeignKey("vroegsignaalzaak.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(80))  # DDAS ID, the reporter's own: a re-import finds it
    partner_type: Mapped[str] = mapped_column(String(40))  # DDAS EnumSignaalpartner
    partner_name: Mapped[str | None] = mapped_column(String(160))  # e.g. "Woonzorg Lansingerland"
    amount_euros: Mapped[int]  # DDAS bedrag: whole euros
    arose_on: Mapped[date | None] = mapped_column(Date)  # DDAS ontstaansdatum
    signalled_on: Mapped[date] = mapped_column(Date)  # DDAS signaaldatum
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)  # DDAS crisissignaal, after our triage
    end_of_supply: Mapped[bool] = mapped_column(Boolean, default=False)  # an energy company's end-of-contract notice
    warm_handover: Mapped[bool] = mapped_column(Boolean, default=False)  # DDAS warmeOverdracht
    status: Mapped[str] = mapped_column(String(60), default=Signaalstatus.NOG_NIET_OPGEPAKT)  # DDAS
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Who and where, as delivered (encrypted; minimum: what outreach needs and what the CBS report asks).
    bsn: Mapped[str | None] = mapped_column(EncryptedText)
    name: Mapped[str | None] = mapped_column(EncryptedText)
    street: Mapped[str | None] = mapped_column(EncryptedText)
    postcode: Mapped[str | None] = mapped_column(EncryptedText)
    huisnummer: Mapped[str | None] = mapped_column(EncryptedText)
    toevoeging: Mapped[str | None] = mapped_column(EncryptedText)
    city: Mapped[str | None] = mapped_column(EncryptedText)
    birth_date: Mapped[str | None] = mapped_column(EncryptedText)  # ISO date, encrypted
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)

    zaak: Mapped[Vroegsignaalzaak] = relationship(back_populates="signals")

    __table_args__ = (UniqueConstraint("municipality_id", "external_id", name="uq_vroegsignaal_external_id"),)


class Contactpoging(Base):
    """DDAS Contactpoging: one attempt to reach the household."""

    __tablename__ = "contactpoging"

    id: Mapped[int] = mapped_column(primary_key=True)
    zaak_id: Mapped[int] = mapped_column(ForeignKey("vroegsignaalzaak.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    soort: Mapped[str] = mapped_column(String(30))  # DDAS EnumContactsoort
    bereikt: Mapped[bool] = mapped_column(Boolean, default=False)
    datum: Mapped[date] = mapped_column(Date)
    dagdeel: Mapped[str | None] = mapped_column(String(10))  # DDAS EnumDagdeel
    note: Mapped[str | None] = mapped_column(EncryptedText)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    zaak: Mapped[Vroegsignaalzaak] = relationship(back_populates="contactpogingen")
    staff: Mapped[StaffMember | None] = relationship()
