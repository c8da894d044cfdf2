"""A municipality is a tenant: it owns its postcodes, partners, promises, cases and staff."""

from __future__ import annotations

from datetime import time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.domain.partners import PartnerKind
from portal.rules.deadlines import LEGAL_CRISIS_WORKING_DAYS, LEGAL_DAYS
from portal.rules.handover import DEFAULT_HANDOVER_WORKING_DAYS


class Municipality(Base):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30))
    website: Mapped[str] = mapped_column(String(200))
    # When the phone is answered: [[weekday, "08:30", "17:00"], ...], one row per open weekday (0 is Monday).
    opening_hours: Mapped[list] = mapped_column(JSON)
    # Service promises: the law allows 4 weeks (3 working days in a crisis); municipalities promise less.
    first_contact_days: Mapped[int]
    crisis_working_days: Mapped[int]
    # May partner caseworkers (not only the municipality's coordinators) answer anonymous questions?
    advice_partners_allowed: Mapped[bool] = mapped_column(default=False)
    # The neutral page "Snel weg" leads to (checked by portal.rules.quick_exit); None: the portal's default.
    quick_exit_url: Mapped[str | None] = mapped_column(String(200))
    # The letterhead's return address: {"street": "Postbus 1000", "postcode": "2650 AA", "city": "Bergschenhoek"}
    # (services/municipalities.py checks it); None: letters name only the phone number and website.
    postal_address: Mapped[dict | None] = mapped_column(JSON)
    # Working days a partner has to accept or return a warm handover (portal/rules/handover.py).
    handover_working_days: Mapped[int] = mapped_column(default=DEFAULT_HANDOVER_WORKING_DAYS,
                                                       server_default=str(DEFAULT_HANDOVER_WORKING_DAYS))

    # Early-warning settings as the municipality file gives them (threshold, partner types taken up, the energy
    # end-of-supply reading, matching period, retention); rules/early_warning_settings.py reads them with defaults.
    # Only a server default: an insert written for an older revision (tests/services/test_search_index.py) names no
    # column that revision lacks.
    early_warning: Mapped[dict] = mapped_column(JSON, server_default="{}")
    # Inhabitants, for "signals per 1 000 inhabitants per month" (monitoring); None: not known.
    inhabitants: Mapped[int | None]
    # CBS's four-digit municipality code ("0014"): the DDAS report to CBS names the municipality by it; None: unknown,
    # and `flask export-ddas` refuses until the municipality file gives it.
    gemeentecode: Mapped[str | None] = mapped_column(String(4))
    # After-care contact moments, in months after a trajectory closed (domain/aftercare.py; `aftercare_months` in the
    # municipality file).
    aftercare_months: Mapped[list] = mapped_column(JSON, server_default="[1, 3, 6]")

    postcode_ranges: Mapped[list[PostcodeRange]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan", order_by="PostcodeRange.first"
    )
    partners: Mapped[list[Partner]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan", order_by="Partner.id"
    )
    referral_links: Mapped[list[ReferralLink]] = relationship(  # noqa: F821
        back_populates="municipality", cascade="all, delete-orphan", order_by="ReferralLink.id"
    )

    __table_args__ = (
        CheckConstraint(f"first_contact_days BETWEEN 1 AND {LEGAL_DAYS}", name="first_contact_within_law"),
        CheckConstraint(f"crisis_working_days BETWEEN 1 AND {LEGAL_CRISIS_WORKING_DAYS}", name="crisis_within_law"),
    )

    def hours_per_day(self) -> dict[int, tuple[time, time]]:
        return {day: (time.fromisoformat(opens), time.fromisoformat(closes))
                for day, opens, closes in self.opening_hours}

    def postal_lines(self) -> list[str]:
        """The address as it is written on a Dutch letter: street, then postcode, two spaces, city in capitals."""
        if not self.postal_address:
            return []
        address = self.postal_address
        return [address["street"], f"{address['postcode']}  {address['city'].upper()}"]

    def partners_of(self, kind: PartnerKind) -> list[Partner]:
        return [p for p in self.partners if p.kind == kind]


class PostcodeRange(Base):
    """Four-digit postcodes first..last (inclusive) belong to one municipality."""

    __tablename__ = "postcode_range"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    first: Mapped[int] = mapped_column(index=True)
    last: Mapped[int]

    municipality: Mapped[Municipality] = relationship(back_populates="postcode_ranges")

    __table_args__ = (CheckConstraint("first >= 1000 AND last <= 9999 AND first <= last", name="valid_range"),)


class Partner(Base):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PartnerKind] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(200))

    municipality: Mapped[Municipality] = relationship(back_populates="partners")
