"""Where a case (aanmelding) is in its workflow."""

from __future__ import annotations

import enum


class AanmeldingStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    INTAKE_PLANNED = "intake_planned"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"
