"""What makes a situation threatening: the law then allows 3 working days for the first conversation (Wgs art. 5).

The money check's questionnaires, the sign-up's 'urgent' step and the case all use these values.
"""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class CrisisKind(LabelledEnum):
    EVICTION = "eviction", N_("Ik moet mijn huis uit (ontruiming)")
    CUTOFF = "cutoff", N_("Mijn gas, stroom of water wordt afgesloten")
    HEALTH_INSURANCE = "health_insurance", N_("Mijn zorgverzekering wordt stopgezet")
    NO_FOOD = "no_food", N_("Ik heb geen geld voor eten")
