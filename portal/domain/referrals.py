"""How a resident came to the portal: through which referral link (how it was filled in: draft_context.FilledIn).

A referral link has a channel (a bank app, a letter, the GP, ...) and, for early-warning letters, the arrear that
set it off. Staff see the link's partner and channel by name (services/source_labels.py), and the reason by name.
"""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum

# The source of a sign-up that began as an anonymous question (no referral link).
ANONYMOUS_ADVICE_SOURCE = "anonymous-advice"


class ReferralChannel(LabelledEnum):
    BANK_APP = "bank_app", N_("Bank-app")
    LETTER = "letter", N_("Brief")
    GP = "gp", N_("Huisarts")
    SCHOOL = "school", N_("School")
    WEBSITE = "website", N_("Website")
    VOLUNTEER = "volunteer", N_("Vrijwilliger")
    HOUSING = "housing", N_("Woningcorporatie")
    ENERGY = "energy", N_("Energieleverancier")


class ReferralReason(LabelledEnum):
    RENT_ARREARS = "rent_arrears", N_("Huurachterstand")
    ENERGY_ARREARS = "energy_arrears", N_("Achterstand energie")
    WATER_ARREARS = "water_arrears", N_("Achterstand drinkwater")
    HEALTH_INSURANCE_ARREARS = "health_insurance_arrears", N_("Achterstand zorgverzekering")
    OVERDRAFT = "overdraft", N_("Vaak rood staan")
    OTHER = "other", N_("Ander signaal")
