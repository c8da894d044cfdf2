from portal.questionnaire import flow
from tests.questionnaire.conftest import CALM

GENERAL = ["group", "crisis", "fixed_costs", "bills_behind", "collectors", "duration", "overview", "weight",
           "children", "income", "life_event", "helpers", "postcode"]


def ids(questions):
    return [q.id for q in questions]


def test_without_a_group_only_general_questions_show(selftest):
    assert ids(flow.visible_questions(selftest, CALM)) == GENERAL


def test_youth_questions_show_for_youth(selftest):
    shown = ids(flow.visible_questions(selftest, {**CALM, "group": "youth"}))
    assert shown[-3:] == ["youth_debts", "youth_contact", "postcode"]


def test_income_from_own_business_reveals_entrepreneur_questions(selftest):
    shown = ids(flow.visible_questions(selftest, {**CALM, "income": "own_business"}))
    assert {"business_running", "business_debts", "tax_debts"} <= set(shown)


def test_progress_counts_about_how_many(selftest):
    assert flow.progress(selftest, {}, "crisis") == (2, 13)
    assert flow.progress(selftest, {"group": "status_holder"}, "crisis") == (2, 16)


def test_cannot_jump_ahead_by_url(selftest):
    assert flow.may_open(selftest, {}, "group")
    assert not flow.may_open(selftest, {}, "collectors")
    assert flow.may_open(selftest, {"group": "none", "crisis": ["none"]}, "fixed_costs")


def test_hidden_question_cannot_be_opened(selftest):
    assert not flow.may_open(selftest, CALM, "youth_debts")


def test_changing_the_group_drops_the_old_groups_answers(selftest):
    answers = {**CALM, "group": "youth", "youth_debts": ["duo"], "youth_contact": "chat"}
    answers["group"] = "none"
    assert "youth_debts" not in flow.relevant_answers(selftest, answers)


def test_next_and_previous(selftest):
    answers = {"group": "none"}
    assert flow.next_question(selftest, answers, "group").id == "crisis"
    assert flow.previous_question(selftest, answers, "crisis").id == "group"
    assert flow.previous_question(selftest, answers, "group") is None


def test_complete_only_when_every_shown_question_is_answered(selftest):
    assert flow.is_complete(selftest, CALM)
    assert not flow.is_complete(selftest, {**CALM, "group": "youth"})



def test_after_a_change_the_next_open_question_follows_and_a_complete_check_has_none(selftest):
    """The question page relies on this to go back to the summary after a change made from it."""
    assert flow.next_question(selftest, CALM, "weight") is None
    assert flow.next_question(selftest, CALM, "group") is None
    assert flow.next_question(selftest, {**CALM, "group": "youth"}, "group").id == "youth_debts"
