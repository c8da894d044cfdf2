"""The client experience survey. Neither table names a case or a resident, on purpose: an answer can never be
traced back (tests/test_survey_columns.py asserts the columns).

An invitation is made when a case closes and its link is sent; it holds only what the answer will hold (municipality,
month, channel, route, language) and the hash of its single-use token. Answering deletes the invitation in the same
transaction that stores the answer, and the answer has a random id and no time more precise than its month, so the
order of answers says nothing either.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.encryption import EncryptedText


class Klantervaringsuitnodiging(Base):
    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))  # "2026-12": the month the case closed
    channel: Mapped[str] = mapped_column(String(20))  # domain SignupChannel
    route: Mapped[str] = mapped_column(String(30))  # domain survey.HelpRoute
    language: Mapped[str] = mapped_column(String(10), default="nl")
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Klantervaring(Base):
    __tablename__ = "survey_answer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    channel: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(30))
    reachable: Mapped[str | None] = mapped_column(String(10))  # domain survey.Agreement; None: not answered
    heard: Mapped[str | None] = mapped_column(String(10))
    next_steps_clear: Mapped[str | None] = mapped_column(String(10))
    waiting: Mapped[str | None] = mapped_column(String(10))  # domain survey.WaitingVerdict
    mark: Mapped[int | None] = mapped_column(SmallInteger)  # 1..10
    # The open question's answer: encrypted, as every free text (it may name someone), and never exported.
    remark: Mapped[str | None] = mapped_column(EncryptedText)

    __table_args__ = (Index("ix_survey_answer_municipality_month", "municipality_id", "month"),)
