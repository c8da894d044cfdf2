from datetime import date, timedelta

import pytest

from portal.domain.early_warning import Eindresultaat, Signaalstatus
from portal.rules.early_warning_casework import (
    ATTEMPT_MAX_DAYS_BACK,
    attempt_date_problem,
    channels_for,
    closing_problem,
    crisis_kinds_for,
    is_overdue,
    signal_status_on_close,
    topics_for,
)

TODAY = date(2026, 12, 9)


def test_late_only_when_nobody_was_reached_and_the_day_passed():
    assert is_overdue(due_on=TODAY - timedelta(days=1), picked_up_on=None, today=TODAY)
    assert not is_overdue(due_on=TODAY, picked_up_on=None, today=TODAY)
    assert not is_overdue(due_on=TODAY - timedelta(days=5), picked_up_on=TODAY - timedelta(days=6), today=TODAY)


def test_topics_and_crisis_kinds_from_the_partner_types():
    assert topics_for(["Energie", "Huur", "Water", "CAK Eigen bijdrage"]) == ["rent", "energy", "other"]
    assert crisis_kinds_for(["Energie", "Zorg", "DUO"]) == ["cutoff", "health_insurance"]


def test_channels_are_what_the_signals_know():
    assert channels_for(phone="0612345678", email=None, address="Dorpsstraat 1") == ["phone", "letter"]
    assert channels_for(phone=None, email=None, address=None) == []


@pytest.mark.parametrize(("day", "problem"), [
    (None, "date_bad"), (TODAY + timedelta(days=1), "date_future"),
    (TODAY - timedelta(days=ATTEMPT_MAX_DAYS_BACK + 1), "date_old"), (TODAY, None),
    (TODAY - timedelta(days=ATTEMPT_MAX_DAYS_BACK), None)])
def test_an_attempts_date(day, problem):
    assert attempt_date_problem(day, today=TODAY) == problem


def test_help_accepted_needs_someone_reached_other_results_do_not():
    help_accepted = Eindresultaat.VERVOLGHULP_FINANCIEEL.value
    assert closing_problem(help_accepted, picked_up_on=None) == "help_without_contact"
    assert closing_problem(help_accepted, picked_up_on=TODAY) is None
    assert closing_problem(Eindresultaat.GEEN_CONTACT.value, picked_up_on=None) is None


def test_results_that_ddas_knows_as_a_signal_status_carry_over():
    assert signal_status_on_close(Eindresultaat.NIET_OPGEPAKT_ONTERECHT.value) is Signaalstatus.NIET_OPGEPAKT_ONTERECHT
    assert signal_status_on_close(Eindresultaat.OVERLEDEN.value) is Signaalstatus.OVERLEDEN
    assert signal_status_on_close(Eindresultaat.VERVOLGHULP_FINANCIEEL.value) is None
    assert signal_status_on_close("nonsense") is None
