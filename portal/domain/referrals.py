"""How a resident came to the portal: the channel of a referral link (a bank app, a letter, the GP, ...).

No labels yet: staff see the referral code itself, which the municipality chose.
"""

from __future__ import annotations

import enum


class ReferralChannel(enum.StrEnum):
    BANK_APP = "bank_app"
    LETTER = "letter"
    GP = "gp"
    SCHOOL = "school"
    WEBSITE = "website"
    VOLUNTEER = "volunteer"
    HOUSING = "housing"
    ENERGY = "energy"


class ReferralReason(enum.StrEnum):
    RENT_ARREARS = "rent_arrears"
    ENERGY_ARREARS = "energy_arrears"
    WATER_ARREARS = "water_arrears"
    HEALTH_INSURANCE_ARREARS = "health_insurance_arrears"
    OVERDRAFT = "overdraft"
    OTHER = "other"
