"""The client experience survey (klantervaringsonderzoek): six questions after a case closed, stored without any link
to the case or the resident (only municipality, month, channel and route)."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum

# A group with fewer answers than this is not shown or exported: a small group could point at a person.
MIN_GROUP_SIZE = 10
# The single-use link lasts this long; an unused invitation is deleted after it.
INVITATION_DAYS = 30


class Agreement(LabelledEnum):
    """The answer to "Kon u ons goed bereiken?", "Voelde u zich gehoord?" and "Was duidelijk wat er ging gebeuren?"."""

    YES = "yes", N_("Ja")
    PARTLY = "partly", N_("Een beetje")
    NO = "no", N_("Nee")


class WaitingVerdict(LabelledEnum):
    """"Hoe vond u de tijd dat u moest wachten?"."""

    OK = "ok", N_("Niet te lang")
    LONG = "long", N_("Wat lang")
    TOO_LONG = "too_long", N_("Te lang")


class HelpRoute(LabelledEnum):
    """Who helped, as the survey counts it: the municipality itself, or the kind of partner a case was handed to
    (the values of portal.domain.partners.PartnerKind)."""

    MUNICIPALITY = "municipality", N_("De gemeente zelf")
    FORMAL_DEBT_HELP = "formal_debt_help", N_("Schuldhulpverlening")
    SOCIAL_WORK = "social_work", N_("Maatschappelijk werk")
    VOLUNTEERS = "volunteers", N_("Vrijwilligers")
    ENTREPRENEURS_DESK = "entrepreneurs_desk", N_("Hulp voor ondernemers")
    YOUTH_COACHES = "youth_coaches", N_("Coaches voor jongeren")
    STATUS_HOLDER_TEAM = "status_holder_team", N_("Hulp voor statushouders")
