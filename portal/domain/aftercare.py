"""After-care (nazorg): staying in touch after a trajectory ended, because relapse is common (seeds 001, 002).

A case closed with a result that ends a trajectory starts after-care: contact moments a number of months after the
close (the municipality's file, default 1, 3 and 6), each with an optional check-in link for the resident.
"""

from __future__ import annotations

from portal.domain.casework import CloseReason
from portal.domain.labelled import N_, LabelledEnum

# The close reasons that end a trajectory: help completed, a debt settlement reached, handed over and finished.
STARTS_AFTERCARE = frozenset({CloseReason.HELPED, CloseReason.DEBT_SETTLEMENT, CloseReason.HANDED_OVER})
DEFAULT_MOMENT_MONTHS = (1, 3, 6)
# The municipality file may choose its own moments within this span (services/municipalities.py checks it).
MAX_MOMENT_MONTHS = 24
MAX_MOMENTS = 6
# Seeds 001/002: watch for early-warning signals in the first six months after a trajectory.
SIGNAL_WATCH_MONTHS = 6


class NazorgState(LabelledEnum):
    ACTIVE = "active", N_("Loopt")
    ENDED = "ended", N_("Afgerond")


class NazorgEnd(LabelledEnum):
    """Why after-care ended."""

    LAST_MOMENT = "last_moment", N_("Laatste contactmoment geweest")
    NEEDS_NOTHING = "needs_nothing", N_("Inwoner heeft niets meer nodig")
    NEW_HELP = "new_help", N_("Opnieuw hulp gestart")


class MoneyNow(LabelledEnum):
    """Check-in question 1: "Hoe gaat het nu met geld?" (the choice text is what the resident reads)."""

    GOOD = "good", N_("Goed")
    SO_SO = "so_so", N_("Het gaat")
    HARD = "hard", N_("Moeilijk")
