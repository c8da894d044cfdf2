"""Groups the policy helps in their own way (youth coaches, the desk for entrepreneurs, status-holder support)."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class ResidentGroup(LabelledEnum):
    YOUTH = "youth", N_("Jongere"), N_("Ik ben tussen 18 en 27 jaar")
    ENTREPRENEUR = "entrepreneur", N_("Ondernemer"), N_("Ik heb een eigen bedrijf, of ik ben zzp'er")
    STATUS_HOLDER = "status_holder", N_("Statushouder"), N_(
        "Ik woon nog niet lang in Nederland en heb een verblijfsvergunning")
    # What a case holds when none applies; the money check reveals only the real groups.
    NONE = "none", N_("Geen groep"), N_("Geen van deze")


REAL_GROUPS = tuple(group for group in ResidentGroup if group is not ResidentGroup.NONE)
