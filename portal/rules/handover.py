"""The rules of a warm handover: its due date, when it is late, and what a partner may see. Plain rules, no database."""

from __future__ import annotations

from datetime import date

from portal.domain.handover import FieldGroup, OverdrachtState, ShareConsent
from portal.rules.working_days import working_days_after

# The partner's working days to accept or return a handover when the municipality names none.
DEFAULT_HANDOVER_WORKING_DAYS = 5
MAX_HANDOVER_WORKING_DAYS = 20

SHARED_BY_CONSENT: dict[ShareConsent, frozenset[FieldGroup]] = {
    ShareConsent.ALL: frozenset(FieldGroup),
    ShareConsent.CONTACT: frozenset({FieldGroup.CONTACT}),
    ShareConsent.ASK_FIRST: frozenset(),
}


class HandoverRuleError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def due_on(handed_over_on: date, working_days: int) -> date:
    """The partner answers within `working_days` working days; the day of the handover itself does not count."""
    return working_days_after(handed_over_on, working_days)


def is_overdue(state: OverdrachtState, due: date, today: date) -> bool:
    """Late: still waiting for the partner after its due day. An accepted or returned handover is never late."""
    return OverdrachtState(state) == OverdrachtState.HANDED_OVER and today > due


def answered_in_time(state: OverdrachtState, due: date, decided_on: date | None) -> bool:
    return OverdrachtState(state) == OverdrachtState.ACCEPTED and decided_on is not None and decided_on <= due


def shared_groups(consent: ShareConsent | str | None) -> frozenset[FieldGroup]:
    """What the resident's answer opens to the partner. No answer is "ask me first": nothing beyond the first name."""
    return SHARED_BY_CONSENT[ShareConsent(consent)] if consent else frozenset()


def check_decision(state: OverdrachtState, *, return_reason: str | None = None, returning: bool = False) -> None:
    """A partner accepts or returns a handover once, while it waits; a return says why."""
    if OverdrachtState(state) != OverdrachtState.HANDED_OVER:
        raise HandoverRuleError("already_decided")
    if returning and not (return_reason or "").strip():
        raise HandoverRuleError("reason_needed")


def check_handover(*, reason: str | None, partner_found: bool) -> None:
    if not partner_found:
        raise HandoverRuleError("partner_needed")
    if not (reason or "").strip():
        raise HandoverRuleError("why_needed")


ALL_GROUPS = frozenset(FieldGroup)


def caseworker_sees(*, assisted: bool, assigned: bool, handover_groups: frozenset[FieldGroup] | None
                    ) -> frozenset[FieldGroup] | None:
    """What a caseworker sees of a case; None: not their case at all.

    Who filled the sign-up in together with the resident saw it all already. A case that came through a handover to
    their organisation (waiting or accepted) shows what the resident agreed to share, also once it is theirs. A case
    given to them directly, without a handover, shows everything."""
    if assisted:
        return ALL_GROUPS
    if handover_groups is not None:
        return frozenset(handover_groups)
    return ALL_GROUPS if assigned else None
