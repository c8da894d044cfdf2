"""The money check keeps nothing that points to a person.

SelfTestDraft: the answers while the test runs, under an opaque id, gone within a day. The answers and outcome
are encrypted (they describe someone's money trouble) and the expiry is a whole hour, so neither the data nor
its time can be set beside an access log or a rate-limit entry to find who took the check.
SelfTestCount: what is kept for monitoring, one counter per day and combination, never a row per person.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, String, false
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.encryption import EncryptedJSON


class SelfTestDraft(Base):
    __tablename__ = "selftest_draft"

    # sha256 of the random token in the resident's session: a leaked table row cannot be turned into a session.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_version: Mapped[int]
    answers: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    outcome: Mapped[dict | None] = mapped_column(EncryptedJSON)
    counted: Mapped[bool] = mapped_column(default=False, server_default=false())  # in SelfTestCount, once per draft
    expires_at: Mapped[datetime] = mapped_column(index=True)  # on the hour: the start is known only to the hour


class SelfTestCount(Base):
    __tablename__ = "selftest_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality: Mapped[str] = mapped_column(String(60), primary_key=True)  # slug, or "" when not given
    source: Mapped[str] = mapped_column(String(60), primary_key=True)  # referral source, or ""
    group: Mapped[str] = mapped_column(String(60), primary_key=True)  # e.g. "youth", "entrepreneur+youth", or "none"
    route: Mapped[str] = mapped_column(String(30), primary_key=True)
    crisis: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    questionnaire_version: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class VisitCount(Base):
    """Visits that came in by a printed link that names a source but no person (an early-warning letter's /b/<token>):
    one counter per day, municipality and source; no time, no address, no link to the letter or its household."""

    __tablename__ = "visit_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality: Mapped[str] = mapped_column(String(60), primary_key=True)  # slug
    source: Mapped[str] = mapped_column(String(60), primary_key=True)  # e.g. "vroegsignalering"
    count: Mapped[int] = mapped_column(default=0)
