"""The rules of a warm handover: due date in working days, late, answered in time, and what a partner may see."""

from datetime import date

import pytest

from portal.domain.handover import FieldGroup, OverdrachtState, ShareConsent
from portal.domain.status import AanmeldingStatus
from portal.rules import handover as rules
from portal.rules.case_status import ALLOWED, RETURNED_STATUS

S = OverdrachtState


def test_the_due_date_counts_working_days_after_the_handover_day():
    # Thursday 24 Dec 2026: Friday 25 and Saturday 26 (Christmas), the weekend and no other holiday until 1 Jan.
    assert rules.due_on(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert rules.due_on(date(2026, 12, 24), 5) == date(2027, 1, 4), "1 January is a holiday too"
    assert rules.due_on(date(2026, 12, 7), 5) == date(2026, 12, 14), "Monday plus five working days: next Monday"


@pytest.mark.parametrize(("state", "today", "late"), [
    (S.HANDED_OVER, date(2026, 12, 14), False),  # the due day itself is still in time
    (S.HANDED_OVER, date(2026, 12, 15), True),
    (S.ACCEPTED, date(2027, 1, 30), False),
    (S.RETURNED, date(2027, 1, 30), False),
])
def test_only_a_waiting_handover_after_its_due_day_is_late(state, today, late):
    assert rules.is_overdue(state, date(2026, 12, 14), today) is late


def test_accepted_in_time_means_accepted_on_or_before_the_due_day():
    due = date(2026, 12, 14)
    assert rules.answered_in_time(S.ACCEPTED, due, date(2026, 12, 14))
    assert not rules.answered_in_time(S.ACCEPTED, due, date(2026, 12, 15))
    assert not rules.answered_in_time(S.RETURNED, due, date(2026, 12, 10)), "a return is no acceptance"
    assert not rules.answered_in_time(S.HANDED_OVER, due, None)


def test_consent_decides_the_field_groups():
    assert rules.shared_groups(ShareConsent.ALL) == set(FieldGroup)
    assert rules.shared_groups("contact") == {FieldGroup.CONTACT}
    assert rules.shared_groups(ShareConsent.ASK_FIRST) == set()
    assert rules.shared_groups(None) == set(), "not asked counts as 'ask me first'"


def test_what_a_caseworker_sees():
    only_contact = frozenset({FieldGroup.CONTACT})
    assert rules.caseworker_sees(assisted=False, assigned=False, handover_groups=None) is None
    assert rules.caseworker_sees(assisted=False, assigned=True, handover_groups=None) == set(FieldGroup)
    assert rules.caseworker_sees(assisted=True, assigned=False, handover_groups=None) == set(FieldGroup)
    assert rules.caseworker_sees(assisted=False, assigned=False, handover_groups=only_contact) == only_contact
    assert rules.caseworker_sees(assisted=False, assigned=True, handover_groups=frozenset()) == set(), \
        "an accepted handover is theirs, and still shows only what the resident agreed to"
    assert rules.caseworker_sees(assisted=True, assigned=True, handover_groups=frozenset()) == set(FieldGroup)


def test_a_decision_is_made_once_and_a_return_says_why():
    rules.check_decision(S.HANDED_OVER)
    rules.check_decision(S.HANDED_OVER, return_reason="Past niet", returning=True)
    for state in (S.ACCEPTED, S.RETURNED):
        with pytest.raises(rules.HandoverRuleError, match="already_decided"):
            rules.check_decision(state)
    with pytest.raises(rules.HandoverRuleError, match="reason_needed"):
        rules.check_decision(S.HANDED_OVER, return_reason="  ", returning=True)


def test_a_handover_needs_a_partner_and_why():
    with pytest.raises(rules.HandoverRuleError, match="partner_needed"):
        rules.check_handover(reason="Waarom", partner_found=False)
    with pytest.raises(rules.HandoverRuleError, match="why_needed"):
        rules.check_handover(reason=" ", partner_found=True)


def test_a_returned_case_is_open_again_but_the_status_form_cannot_undo_a_handover():
    assert RETURNED_STATUS in (AanmeldingStatus.CONTACTED, AanmeldingStatus.INTAKE_PLANNED)
    assert RETURNED_STATUS not in ALLOWED[AanmeldingStatus.HANDED_OVER]
