"""The kinds of partner organisation a case can be handed over to."""

from __future__ import annotations

import enum


class PartnerKind(enum.StrEnum):
    FORMAL_DEBT_HELP = "formal_debt_help"
    SOCIAL_WORK = "social_work"
    VOLUNTEERS = "volunteers"
    ENTREPRENEURS_DESK = "entrepreneurs_desk"
    YOUTH_COACHES = "youth_coaches"
    STATUS_HOLDER_TEAM = "status_holder_team"
