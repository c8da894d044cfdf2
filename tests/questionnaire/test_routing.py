"""Answer sets -> route. Each row is a resident's situation; the expected route is what a coordinator would advise."""

import pytest

from portal.domain.routes import ROUTES_IN_ORDER
from portal.questionnaire.routing import _route_for_score, route_for
from tests.questionnaire.conftest import CALM

CASES = [
    # (name, changes to the calm answers, expected route)
    ("all calm", {}, "self_help"),
    ("eviction date", {"crisis": ["eviction"]}, "crisis"),
    ("energy cut-off", {"crisis": ["cutoff"]}, "crisis"),
    ("health insurance ended", {"crisis": ["health_insurance"]}, "crisis"),
    ("no money for food", {"crisis": ["no_food"]}, "crisis"),
    ("crisis wins over a high score", {"crisis": ["no_food"], "collectors": "bailiff", "fixed_costs": "often_not",
                                       "duration": "long", "overview": "no", "weight": "sleepless"}, "crisis"),
    ("crisis with everything else fine", {"crisis": ["cutoff", "eviction"]}, "crisis"),
    ("bailiff alone needs the municipality", {"collectors": "bailiff"}, "debt_help"),
    ("rent arrears alone need the municipality", {"bills_behind": ["rent"]}, "debt_help"),
    ("collection agency alone: a volunteer", {"collectors": "collection"}, "volunteer"),
    ("post no longer opened: a volunteer", {"collectors": "unopened"}, "volunteer"),
    ("often cannot pay fixed costs: a volunteer", {"fixed_costs": "often_not"}, "volunteer"),
    ("score 3, just below advice", {"fixed_costs": "sometimes_late", "weight": "some"}, "self_help"),
    ("score 4, advice threshold", {"fixed_costs": "sometimes_late", "duration": "months", "weight": "some"},
     "anonymous_advice"),
    ("score 7, just below volunteer", {"fixed_costs": "sometimes_late", "bills_behind": ["energy"],
                                       "duration": "years", "weight": "some"}, "anonymous_advice"),
    ("score 8, volunteer threshold", {"fixed_costs": "sometimes_late", "bills_behind": ["energy"],
                                      "duration": "years", "weight": "much"}, "volunteer"),
    ("score 13, just below debt help", {"fixed_costs": "sometimes_late",
                                        "bills_behind": ["energy", "health_insurance", "water", "phone", "other"],
                                        "duration": "long", "overview": "partly"}, "volunteer"),
    ("score 14, debt help threshold", {"fixed_costs": "sometimes_late",
                                       "bills_behind": ["energy", "health_insurance", "water", "phone", "other"],
                                       "duration": "long", "overview": "partly", "weight": "some"}, "debt_help"),
    ("no income and nobody helps", {"income": "none", "helpers": "nobody"}, "anonymous_advice"),
    ("not knowing is not punished", {"fixed_costs": "unknown", "bills_behind": ["unknown"], "duration": "unknown"},
     "self_help"),
    ("youth with small debts", {"group": "youth", "youth_debts": ["duo", "pay_later"], "youth_contact": "chat"},
     "self_help"),
    ("youth with fines and overdraft and stress",
     {"group": "youth", "youth_debts": ["fines", "overdraft", "phone_contract"], "youth_contact": "phone",
      "weight": "much"}, "anonymous_advice"),
    ("entrepreneur with mixed and tax debts", {"group": "entrepreneur", "business_running": "running",
                                               "business_debts": "both", "tax_debts": "yes",
                                               "fixed_costs": "sometimes_late", "duration": "years"}, "volunteer"),
    ("own business revealed by income", {"income": "own_business", "business_running": "stopped",
                                         "business_debts": "business", "tax_debts": "unknown"}, "anonymous_advice"),
    ("status holder who cannot read the letters", {"group": "status_holder", "arrived_when": "under_6_months",
                                                   "letters_understood": "no", "interpreter": "yes",
                                                   "collectors": "unopened"}, "volunteer"),
    ("hidden group questions do not count", {"youth_debts": ["fines", "overdraft"], "business_debts": "both",
                                             "tax_debts": "yes"}, "self_help"),
    ("children do not change the route", {"children": "yes"}, "self_help"),
    ("only the crisis question answered", {"__only__": ["group", "crisis"], "crisis": ["eviction"]}, "crisis"),
]


def _answers(changes: dict) -> dict:
    answers = {**CALM, **{k: v for k, v in changes.items() if k != "__only__"}}
    if "__only__" in changes:
        answers = {k: v for k, v in answers.items() if k in changes["__only__"]}
    return answers


def test_the_cases_reach_every_route(selftest):
    """What routing gives for the rows, not what the rows say: a route no answer set reaches would go unnoticed."""
    reached = {route_for(selftest, _answers(changes)).route for _, changes, _ in CASES}
    assert reached == set(ROUTES_IN_ORDER)


@pytest.mark.parametrize("threshold,below,at", [("advice_from", "self_help", "anonymous_advice"),
                                                ("volunteer_from", "anonymous_advice", "volunteer"),
                                                ("debt_help_from", "volunteer", "debt_help")])
def test_a_score_on_a_threshold_reaches_the_next_route(selftest, threshold, below, at):
    score = getattr(selftest.routing, threshold)
    assert (_route_for_score(selftest, score - 1), _route_for_score(selftest, score)) == (below, at)


@pytest.mark.parametrize("name,changes,expected", CASES, ids=[c[0] for c in CASES])
def test_route(selftest, name, changes, expected):
    assert route_for(selftest, _answers(changes)).route == expected


def test_groups_are_revealed_by_any_answer(selftest):
    outcome = route_for(selftest, _answers({"income": "own_business", "life_event": ["turned_18", "arrived"]}))
    assert set(outcome.groups) == {"entrepreneur", "youth", "status_holder"}


def test_reasons_explain_the_route_in_question_order(selftest):
    outcome = route_for(selftest, _answers({"collectors": "bailiff", "bills_behind": ["rent"], "children": "yes"}))
    assert outcome.reasons == ("rent_arrears", "bailiff", "children")


def test_crisis_kinds_are_named(selftest):
    outcome = route_for(selftest, _answers({"crisis": ["eviction", "no_food"]}))
    assert outcome.crisis == ("eviction", "no_food") and outcome.is_crisis


def test_flags_for_children_and_interpreter(selftest):
    outcome = route_for(selftest, _answers({"group": "status_holder", "children": "yes", "interpreter": "yes",
                                           "arrived_when": "longer", "letters_understood": "yes"}))
    assert set(outcome.flags) == {"children", "interpreter"}
