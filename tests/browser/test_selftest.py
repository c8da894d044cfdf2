"""The money check on a 360x740 phone, for each group and for a crisis, in Dutch and English."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_page, screenshot
from tests.questionnaire.conftest import CALM

WALKS = {
    "youth": {**CALM, "group": "youth", "youth_debts": ["duo", "pay_later"], "youth_contact": "chat",
              "postcode": "9712 AB"},
    "entrepreneur": {**CALM, "group": "entrepreneur", "income": "own_business", "business_running": "running",
                     "business_debts": "both", "tax_debts": "yes", "fixed_costs": "sometimes_late",
                     "postcode": "2651"},
    "status-holder": {**CALM, "group": "status_holder", "arrived_when": "under_6_months",
                      "letters_understood": "no", "interpreter": "yes", "collectors": "unopened", "postcode": ""},
    "crisis": {**CALM, "crisis": ["cutoff"], "bills_behind": ["energy", "rent"], "children": "yes",
               "postcode": "7241"},
    "none": {**CALM, "collectors": "bailiff", "postcode": "2661"},
}
HEADINGS = {
    "nl": {"crisis": "Dit is dringend. Bel vandaag nog.", "status-holder": "Een vrijwilliger kan met u meekijken"},
}


def _answer_current_question(page, answers):
    question_id = page.url.rsplit("/", 1)[1].split("?")[0]
    value = answers[question_id]
    if question_id == "postcode":
        if value:
            page.locator("#answer").fill(value)
            page.locator("main form:has([name=answer]) button[type=submit]").first.click()
        else:
            page.locator("main form button[name=skip]").click()
        return
    for option in value if isinstance(value, list) else [value]:
        page.locator(f"input[name=answer][value='{option}']").check()
    # The question's own form: a crisis answer puts the fast lane's form above it.
    page.locator("main form:has([name=answer]) button[type=submit]").first.click()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("walk", list(WALKS))
def test_walk_the_money_check(page, lang, walk):
    answers = WALKS[walk]
    page.goto(f"/taal/{lang}?next=/geldcheck")
    check_page(page, f"selftest-intro-{lang}")
    page.locator("main form button[type=submit]").click()
    while "/geldcheck/vraag/" in page.url:
        expect(page.locator(".progress")).to_be_visible()
        check_page(page, f"selftest-question-{lang}-{page.url.rsplit('/', 1)[1]}")
        _answer_current_question(page, answers)
    assert page.url.endswith("/geldcheck/overzicht")
    check_page(page, f"selftest-summary-{lang}-{walk}")
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/geldcheck/uitslag")
    expected = HEADINGS.get(lang, {}).get(walk)
    if expected:
        expect(page.get_by_role("heading", level=1)).to_have_text(expected)
    check_page(page, f"selftest-result-{lang}-{walk}")


def test_errors_on_a_question_are_accessible(page):
    page.goto("/geldcheck")
    page.get_by_role("button", name="Begin de geldcheck").click()
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies het antwoord dat het best past.")
    check_page(page, "selftest-question-error")
    page.get_by_role("link", name="Kies het antwoord dat het best past.").click()
    expect(page.locator("#answer-0")).to_be_focused()


def _crisis_result(page, crisis_label):
    page.goto("/geldcheck")
    page.get_by_role("button", name="Begin de geldcheck").click()
    page.get_by_label("Geen van deze").check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_label(crisis_label).check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Laat nu zien wat ik kan doen").click()


def test_the_money_check_works_without_javascript(page_without_js):
    page = page_without_js
    _crisis_result(page, "Ik heb geen geld voor eten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit is dringend. Bel vandaag nog.")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    screenshot(page, "selftest-result-no-js")


def test_print_button_appears_with_javascript(page):
    _crisis_result(page, "Mijn zorgverzekering wordt stopgezet")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
