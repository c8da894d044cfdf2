"""The sign-up steps as classes: when each shows, what it keeps of an answer, and how it reads on the check page.
Forms only need a request context; no page is rendered."""

import pytest
from werkzeug.datastructures import MultiDict

from portal.domain.draft_context import DraftContext
from portal.signup.steps import (
    CarryOverStep,
    ContactStep,
    PostcodeStep,
    SituationStep,
    UrgentStep,
    carried_answers,
    shown_steps,
    summary_rows,
)
from scripts.resident_walk import DEFAULT_STEPS

CARRIED = {"route": "professional", "crisis": [], "groups": [], "reasons": [], "flags": []}


@pytest.fixture
def request_context(app):
    with app.test_request_context("/aanmelden/stap/x", method="POST"):
        yield


def posted(step, data: dict):
    form = step(formdata=MultiDict(data), meta={"csrf": False})
    assert form.validate(), form.errors
    return form


def test_the_money_check_step_shows_only_with_a_carried_check():
    assert not CarryOverStep.should_show(DraftContext())
    assert CarryOverStep.should_show(DraftContext(selftest=CARRIED))
    assert [s.slug for s in shown_steps(DraftContext())] == [s for s in DEFAULT_STEPS if s != "geldcheck"]
    assert [s.slug for s in shown_steps(DraftContext(selftest=CARRIED))][:2] == ["postcode", "geldcheck"]


def test_contact_keeps_only_the_details_of_the_chosen_ways(request_context):
    form = posted(ContactStep, {"call_name": "  Sam ", "channels": "email", "phone": "06 12345678",
                                "email": "sam@voorbeeld.nl", "postal_address": "Dorpsstraat 1"})
    assert form.payload() == {"call_name": "Sam", "channels": ["email"], "phone": "", "email": "sam@voorbeeld.nl",
                              "postal_address": "", "survey_ok": False}


def test_contact_keeps_the_phone_number_in_one_form(request_context):
    form = posted(ContactStep, {"call_name": "Sam", "channels": "whatsapp", "phone": "06 12345678"})
    assert form.payload()["phone"] == "+31612345678"


def test_an_eviction_date_is_kept_as_a_day_and_read_back_as_a_date(request_context):
    form = posted(UrgentStep, {"urgent": "eviction", "eviction_date": "15-12-2026"})
    assert form.payload() == {"urgent": ["eviction"], "eviction_date": "2026-12-15", "cutoff_date": ""}
    answers = dict(UrgentStep.answered(form.payload()).summary(lambda slug: None))
    assert "15 december 2026" in answers.values()
    assert "eviction" not in answers.values()  # a choice reads as its label, not its code


def test_a_cut_off_date_is_kept_as_a_day_and_read_back_as_a_date(request_context):
    form = posted(UrgentStep, {"urgent": ["eviction", "cutoff"], "eviction_date": "1-2-2027",
                               "cutoff_date": "9-12-2026"})
    assert form.payload() == {"urgent": ["eviction", "cutoff"], "eviction_date": "2027-02-01",
                              "cutoff_date": "2026-12-09"}
    answers = dict(UrgentStep.answered(form.payload()).summary(lambda slug: None))
    assert "9 december 2026" in answers.values() and "1 februari 2027" in answers.values()


def test_a_day_is_kept_only_with_the_urgent_thing_it_belongs_to(request_context):
    form = posted(UrgentStep, {"urgent": "health_insurance", "eviction_date": "1-2-2027", "cutoff_date": "9-12-2026"})
    assert form.payload() == {"urgent": ["health_insurance"], "eviction_date": "", "cutoff_date": ""}


def test_a_wrong_cut_off_date_is_explained(request_context):
    form = UrgentStep(formdata=MultiDict({"urgent": "cutoff", "cutoff_date": "morgen"}), meta={"csrf": False})
    assert not form.validate() and "15-12-2026" in form.cutoff_date.errors[0]


def test_a_carried_money_check_becomes_answers_on_its_steps():
    carried = {"route": "crisis", "crisis": ["cutoff"], "groups": ["entrepreneur"],
               "reasons": ["bailiff", "business_debts", "stress"], "flags": ["children"]}
    assert carried_answers(carried) == {
        "situatie": {"topics": ["collectors", "business"], "own_words": "", "group": "entrepreneur"},
        "dringend": {"urgent": ["cutoff"], "eviction_date": "", "cutoff_date": ""},
        "kinderen": {"children": "yes"},
    }
    calm = carried_answers(CARRIED)
    assert calm["dringend"]["urgent"] == ["none"] and "kinderen" not in calm, "only what the check knew for certain"


def test_no_eviction_date_is_kept_as_empty(request_context):
    assert posted(UrgentStep, {"urgent": "none"}).payload()["eviction_date"] == ""


def test_the_postcode_is_never_kept_only_its_municipality(request_context, municipalities):
    form = posted(PostcodeStep, {"postcode": "2651 AB"})
    assert form.payload() == {"municipality": "lansingerland"}
    assert form.place.slug == "lansingerland"


def test_a_postcode_outside_every_municipality_keeps_nothing(request_context, municipalities):
    form = posted(PostcodeStep, {"postcode": "1011 AB"})
    assert form.payload() is None
    assert form.place is None


def test_later_on_the_postcode_step_keeps_the_municipality_found_before(request_context):
    form = PostcodeStep(formdata=MultiDict({"postcode": "2651"}), meta={"csrf": False})
    assert form.for_later(was_complete=True) is None
    assert form.for_later(was_complete=False) == ({}, False)


def test_later_keeps_a_half_answer_cleaned_and_unfinished(request_context):
    form = ContactStep(formdata=MultiDict({"call_name": "x" * 200, "channels": ["phone", "pigeon"]}),
                       meta={"csrf": False})
    data, complete = form.for_later(was_complete=False)
    assert not complete
    assert data["call_name"] == "x" * 80 and data["channels"] == ["phone"]


def test_later_keeps_a_valid_answer_as_done(request_context):
    form = ContactStep(formdata=MultiDict({"call_name": "Sam", "channels": "visit"}), meta={"csrf": False})
    assert form.for_later(was_complete=False) == (
        {"call_name": "Sam", "channels": ["visit"], "phone": "", "email": "", "postal_address": "", "survey_ok": False},
        True)


def test_a_question_starts_the_situation_cut_to_its_limit(request_context):
    data = SituationStep.from_question("Mag de deurwaarder mijn loon pakken?" * 50, "youth")
    assert len(data["own_words"]) == 1000 and data["own_words"].startswith("Mag de deurwaarder")
    assert (data["topics"], data["group"]) == ([], "youth")


def test_summary_rows_follow_the_shown_steps_and_name_the_municipality(request_context):
    answers = {"situatie": {"data": {"topics": [], "own_words": "Huur", "group": "none"}, "complete": True},
               "postcode": {"data": {"municipality": "lochem"}, "complete": True}}
    rows = summary_rows(DraftContext(), answers, {"lochem": "Lochem"}.get)
    shown = [(step.slug, question, answer) for step, question, answer in rows]
    assert ("postcode", "Gemeente", "Lochem") in shown
    assert [slug for slug, _question, answer in shown if answer == "Huur"] == ["situatie"]
    assert [slug for slug, _question, _answer in shown].index("postcode") < [
        slug for slug, _question, _answer in shown].index("situatie"), "where someone lives comes first"
    assert all(step.slug != "geldcheck" for step, _question, _answer in rows)
