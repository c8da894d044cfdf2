"""The exits of the money check (the Dutch Debt Help Route), from the lightest help to the crisis lane."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class Route(LabelledEnum):
    # In order: an answer's `at_least` can only raise a route, never lower it.
    SELF_HELP = "self_help", N_("Zelf aan de slag")
    ANONYMOUS_ADVICE = "anonymous_advice", N_("Anoniem advies")
    VOLUNTEER = "volunteer", N_("Vrijwilliger")
    DEBT_HELP = "debt_help", N_("Schuldhulp gemeente")
    CRISIS = "crisis", N_("Crisis")


ROUTES_IN_ORDER = tuple(Route)
