"""How long early-warning data of a household that did not accept help is kept (docs/early-warning.md).

The term runs from when the municipality received the household's newest signal (a repeat signal keeps the case, and
the earlier signals with it, alive: that is what the case is for). It applies to every case that did not lead to
help: closed with any result outside HELP_ACCEPTED, and open cases nobody closed too, because the law counts from
receipt, not from closing. A case whose resident accepted help lives on in its Aanmelding, whose own retention
(rules/retention.py) decides; its early-warning rows go once that sign-up is gone and the term has passed.
"""

from __future__ import annotations

from datetime import date

from portal.domain.early_warning import HELP_ACCEPTED
from portal.rules.calendar_months import add_months

# Wgs art. 5 (as changed per 1 January 2021), see docs/early-warning.md: at most twelve months after receipt.
LEGAL_MAX_MONTHS = 12


def is_expired(*, newest_receipt: date, result: str | None, has_aanmelding: bool, months: int, today: date) -> bool:
    """True when the case, its signals, contact attempts and outreach messages must go now."""
    if result in HELP_ACCEPTED and has_aanmelding:
        return False
    return today >= add_months(newest_receipt, months)
