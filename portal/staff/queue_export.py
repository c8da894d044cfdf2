"""The queue as a CSV file: one table, one header row, one row per case, in the queue's order.

The column names are fixed identifiers (a sheet or script built on the file keeps working in either language of the
workspace); status, group and deadline state are their labels in the reader's language, dates are ISO 8601, and
closed values without a label are their stored codes (children yes/no/unknown, filled in online/assisted, the role
of whoever picked the case up, or "no"). Names and contact details only when asked for and allowed
(services/cases.export_queue). Every cell goes through rules/csv_safety.py.
"""

from __future__ import annotations

from datetime import date

from portal.domain.casework import DeadlineState
from portal.domain.groups import ResidentGroup
from portal.domain.status import AanmeldingStatus
from portal.labels import label
from portal.models import Aanmelding
from portal.rules.csv_safety import safe_csv
from portal.rules.deadlines import local_date
from portal.services.cases import deadline_state_of

COLUMNS = ("reference", "signed_up_on", "status", "group", "crisis", "children", "source", "filled_in",
           "first_contact_due", "legal_deadline", "deadline_state", "assigned", "handed_over_to")
PERSONAL_COLUMNS = ("call_name", "phone", "email")


def _row(case: Aanmelding, today: date, personal: bool) -> list[object]:
    row = [case.reference, local_date(case.submitted_at).isoformat(), label(case.status, AanmeldingStatus),
           label(case.group, ResidentGroup), "yes" if case.crisis else "no", case.children, case.source,
           case.filled_in, case.first_contact_due.isoformat(), case.legal_deadline.isoformat(),
           label(deadline_state_of(case, today), DeadlineState),
           case.assigned_to.role if case.assigned_to else "no", case.handed_over_to]
    return row + [case.call_name, case.phone, case.email] if personal else row


def queue_csv(found: list[Aanmelding], *, personal: bool, today: date) -> str:
    header = COLUMNS + PERSONAL_COLUMNS if personal else COLUMNS
    return safe_csv(header, (_row(case, today, personal) for case in found))


def file_name(today: date) -> str:
    return f"wachtrij-{today.isoformat()}.csv"
