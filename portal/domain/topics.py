"""What a resident worries about: in a sign-up (detailed) and in an anonymous question (coarser, fewer choices)."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class Topic(LabelledEnum):
    RENT = "rent", N_("Huur of hypotheek")
    ENERGY = "energy", N_("Gas, stroom of water")
    HEALTH_INSURANCE = "health_insurance", N_("Zorgverzekering")
    COLLECTORS = "collectors", N_("Brieven van een incassobureau of deurwaarder")
    TAXES = "taxes", N_("Belasting of toeslagen")
    LOANS = "loans", N_("Leningen, rood staan of achteraf betalen")
    BUSINESS = "business", N_("Schulden van mijn bedrijf")
    INCOME = "income", N_("Mijn inkomen is minder geworden")
    OVERVIEW = "overview", N_("Ik heb geen overzicht meer")
    OTHER = "other", N_("Iets anders")


class AdviceTopic(LabelledEnum):
    RENT = "rent", N_("Huur of hypotheek")
    ENERGY = "energy", N_("Gas, stroom of water")
    DEBTS = "debts", N_("Schulden en incasso")
    INCOME = "income", N_("Inkomen, uitkering of toeslagen")
    BUSINESS = "business", N_("Mijn bedrijf")
    OTHER = "other", N_("Iets anders")
