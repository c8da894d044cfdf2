"""How a resident came to the portal: through which referral link (how it was filled in: draft_context.FilledIn).

A referral link has a channel (a bank app, a letter, the GP, ...) and, for early-warning letters, the arrear that
set it off. Staff see the link's code, which the municipality chose, and the reason by name.
"""

from __future__ import annotations

import enum

from portal.domain.labelled import N_, LabelledEnum


class ReferralChannel(enum.StrEnum):
    BANK_APP = "bank_app"
    LETTER = "letter"
    GP = "gp"
    SCHOOL = "school"
    WEBSITE = "website"
    VOLUNTEER = "volunteer"
    HOUSING = "housing"
    ENERGY = "energy"


class ReferralReason(LabelledEnum):
    RENT_ARREARS = "rent_arrears", N_("Huurachterstand")
    ENERGY_ARREARS = "energy_arrears", N_("Achterstand energie")
    WATER_ARREARS = "water_arrears", N_("Achterstand drinkwater")
    HEALTH_INSURANCE_ARREARS = "health_insurance_arrears", N_("Achterstand zorgverzekering")
    OVERDRAFT = "overdraft", N_("Vaak rood staan")
    OTHER = "other", N_("Ander signaal")
