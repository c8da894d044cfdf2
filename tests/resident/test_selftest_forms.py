"""A question's form class is built once per question and language; each request still gets its own form."""

from portal.resident.selftest_forms import question_form
from tests.conftest import page
from tests.resident.test_selftest_views import answer, start


def test_one_residents_answer_or_error_never_shows_in_another_residents_form(app):
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        start(client)
        answer(client, "group", "none")
        answer(client, "crisis", ["none"])
    answer(first, "fixed_costs", "always")
    with_error = page(answer(first, "bills_behind", ["none", "rent"]))  # "none" with another: an error
    assert with_error.select_one(".error-summary") is not None

    soup = page(second.get("/geldcheck/vraag/fixed_costs"))
    assert soup.select("input[checked]") == []
    soup = page(second.get("/geldcheck/vraag/bills_behind"))
    assert soup.select_one(".error-summary") is None and soup.select_one(".error") is None
    assert soup.select("input[checked]") == []
    # The first resident's own answer is still theirs.
    assert page(first.get("/geldcheck/vraag/fixed_costs")).select_one("input[value=always]").has_attr("checked")


def test_the_class_is_reused_per_language_and_the_page_follows_the_language(app, client):
    questionnaire = app.extensions["questionnaires"]["selftest"]
    question = questionnaire.question("group")
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        dutch = question_form(question)
        assert type(question_form(question)) is type(dutch)  # built once
        assert question_form(question).answer.data is None  # each call a new, empty form
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = question_form(question)
    assert type(english) is not type(dutch)
    assert str(english.answer.label.text) != str(dutch.answer.label.text)

    start(client)
    legend = page(client.get("/geldcheck/vraag/group")).select_one("legend").get_text(strip=True)
    client.get("/taal/en")
    assert page(client.get("/geldcheck/vraag/group")).select_one("legend").get_text(strip=True) != legend
