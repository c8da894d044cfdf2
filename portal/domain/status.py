"""Where a case (aanmelding) is in its workflow."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class AanmeldingStatus(LabelledEnum):
    NEW = "new", N_("Nieuw")
    CONTACTED = "contacted", N_("Contact gehad")
    INTAKE_PLANNED = "intake_planned", N_("Intake gepland")
    HANDED_OVER = "handed_over", N_("Overgedragen")
    CLOSED = "closed", N_("Afgesloten")
