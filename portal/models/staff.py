"""Staff accounts. Each belongs to exactly one municipality and sees only its cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, utcnow
from portal.domain.staff_roles import StaffRole
from portal.encryption import EncryptedJSON, EncryptedText
from portal.models.municipality import Municipality, Partner


class StaffMember(Base):
    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    # A caseworker of one partner organisation of the same municipality (services/staff.py checks that); None: the
    # municipality's own staff.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[StaffRole] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Consecutive failed passwords and codes (back to 0 at a full login). They slow guessing down
    # (services/staff_auth.py); only after 100 does the account lock, until the administrator unlocks it.
    failed_logins: Mapped[int] = mapped_column(default=0)
    # No password or code is checked before this time. Also set for a moment before each check, so that requests
    # sent at once cannot all be checked.
    next_attempt_at: Mapped[datetime | None]
    locked_at: Mapped[datetime | None]
    # A disabled account cannot log in; disabling it also deletes its sessions.
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
    partner: Mapped[Partner | None] = relationship()


class StaffSession(Base):
    """One sign-in on the server: the cookie holds a random token, this row only its sha256.

    Deleting the row ends the sign-in, whatever copies of the cookie exist. Times are kept to the minute.
    """

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # False between the password and the code: such a session opens no staff page, only the code step.
    signed_in: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    member: Mapped[StaffMember] = relationship()


class KeptForm(Base):
    """What a staff member typed in a form that arrived after their session ran out, until they log in again.

    Only the fields the view names (never the CSRF token or a password), encrypted (a note says personal things),
    under the sha256 of a random token in that browser's cookie. Used once, and gone after a few minutes.
    """

    __tablename__ = "kept_form"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(80))  # the POST the fields were meant for
    page: Mapped[str] = mapped_column(String(300))  # the page that shows that form again, a path on this site
    fields: Mapped[dict] = mapped_column(EncryptedJSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
