"""By which way a sign-up reached the municipality, for the monitoring figures: one way per case."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class SignupChannel(LabelledEnum):
    SELF = "self", N_("Zelf online")
    BANK_APP = "bank_app", N_("Via de bank-app")
    ASSISTED = "assisted", N_("Samen ingevuld met een medewerker")
    REFERRAL = "referral", N_("Via een andere verwijzing")
    # Made by a coordinator when a household of an early-warning case accepted help, or signed up after its letter.
    EARLY_WARNING = "vroegsignalering", N_("Via vroegsignalering")
