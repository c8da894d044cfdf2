"""The status workflow of a case, and what each move needs. Plain rules, no database."""

from __future__ import annotations

from datetime import date

from portal.domain.casework import CloseReason, DeadlineState
from portal.domain.status import AanmeldingStatus as S

ALLOWED = {
    S.NEW: {S.CONTACTED, S.CLOSED},
    S.CONTACTED: {S.INTAKE_PLANNED, S.HANDED_OVER, S.CLOSED},
    S.INTAKE_PLANNED: {S.CONTACTED, S.HANDED_OVER, S.CLOSED},
    S.HANDED_OVER: {S.CLOSED},
    S.CLOSED: set(),
}
# A partner that sends a handover back (services/handovers.py): the case is open again in the coordinators' queue.
# Not a move of the status form: only the partner's return leads from handed over back to contacted.
RETURNED_STATUS = S.CONTACTED
# Stress-sensitive service: a missed call is expected, not a reason to stop. Only after this many tries may a
# case close for "no contact".
MIN_TRIES_BEFORE_NO_CONTACT = 3


class StatusRuleError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_transition(current: S, target: S, *, reason: str | None = None, partner: str | None = None,
                     failed_tries: int = 0) -> None:
    if target not in ALLOWED[S(current)]:
        raise StatusRuleError("not_allowed")
    if target == S.HANDED_OVER and not partner:
        raise StatusRuleError("partner_needed")
    if target == S.CLOSED:
        if reason not in CloseReason._value2member_map_:
            raise StatusRuleError("reason_needed")
        if reason == CloseReason.NO_CONTACT and failed_tries < MIN_TRIES_BEFORE_NO_CONTACT:
            raise StatusRuleError("keep_trying")


def deadline_state(*, first_contact_due: date, legal_deadline: date, first_contact_on: date | None,
                   today: date) -> DeadlineState:
    """'met' (first contact in time), 'late' (contact, but after the promise), or for open cases:
    'due_today', 'within', 'past_promise', 'past_legal'."""
    if first_contact_on is not None:
        return DeadlineState.MET if first_contact_on <= first_contact_due else DeadlineState.LATE
    if today > legal_deadline:
        return DeadlineState.PAST_LEGAL
    if today > first_contact_due:
        return DeadlineState.PAST_PROMISE
    if today == first_contact_due:
        return DeadlineState.DUE_TODAY
    return DeadlineState.WITHIN
