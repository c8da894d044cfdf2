"""Staff accounts. Each belongs to exactly one municipality and sees only its cases."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.encryption import EncryptedText
from portal.models.municipality import Municipality


class StaffRole(enum.StrEnum):
    KETENREGISSEUR = "ketenregisseur"
    CASEWORKER = "caseworker"
    ADMINISTRATOR = "administrator"


class StaffMember(Base):
    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[StaffRole] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Repeated wrong passwords first slow down, then lock the account for a while.
    failed_logins: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    # Raised by "log out everywhere": every session that carries an older number is over.
    session_version: Mapped[int] = mapped_column(default=1)
    # A disabled account cannot log in, and every open session of it ends at the next request.
    active: Mapped[bool] = mapped_column(default=True)
    # Second sign-in step (TOTP). Every account sets it up at its first login; until confirmed there is no session.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_confirmed: Mapped[bool] = mapped_column(default=False)
    # A set-up in progress: a new key for each login, bound to that browser by a nonce (only its hash is kept),
    # so someone else who knows the password never sees the key the real user scans.
    totp_pending_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_pending_nonce: Mapped[str | None] = mapped_column(String(64))
    # Set-up also needs the administrator's one-time enrolment code (only its hash is kept), so the password alone
    # cannot enrol an app.
    enrolment_code_hash: Mapped[str | None] = mapped_column(String(64))
    enrolment_expires_at: Mapped[datetime | None]
    # The time step of the last accepted code: a code is never accepted twice (someone watching cannot reuse it).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    municipality: Mapped[Municipality] = relationship()
