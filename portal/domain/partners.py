"""The kinds of partner organisation a case can be handed over to."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class PartnerKind(LabelledEnum):
    FORMAL_DEBT_HELP = "formal_debt_help", N_("schuldhulpverlening")
    SOCIAL_WORK = "social_work", N_("maatschappelijk werk")
    VOLUNTEERS = "volunteers", N_("vrijwilligers die met u meekijken")
    ENTREPRENEURS_DESK = "entrepreneurs_desk", N_("hulp voor ondernemers")
    YOUTH_COACHES = "youth_coaches", N_("coaches voor jongeren")
    STATUS_HOLDER_TEAM = "status_holder_team", N_("hulp voor mensen die nieuw zijn in Nederland")
