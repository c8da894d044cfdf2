"""Issue 14, the money check on a 360x740 phone: the crisis shortcut on the first screen in every language, the
entrepreneurs' desk and Bbz for a business that still runs, and no sign-up for a postcode outside every municipality."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_page, screenshot
from tests.browser.test_selftest import _answer_current_question
from tests.questionnaire.conftest import CALM

LANGUAGES = ["nl", "en", "ar", "ti", "uk", "tr", "pl"]
BBZ = {"nl": "Bbz (Besluit bijstandverlening zelfstandigen) is hulp van de gemeente voor ondernemers",
       "ar": "Bbz (Besluit bijstandverlening zelfstandigen) هي مساعدة من البلدية لأصحاب الأعمال"}
OWN_MUNICIPALITY = {"nl": "Hulp van uw eigen gemeente", "ar": "مساعدة من بلديتك"}


def _start(page, lang):
    page.goto(f"/taal/{lang}?next=/geldcheck")
    page.locator("main form button[type=submit]").click()


def _walk_to_result(page, lang, answers):
    _start(page, lang)
    while "/geldcheck/vraag/" in page.url:
        _answer_current_question(page, answers)
    assert page.url.endswith("/geldcheck/overzicht")
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/geldcheck/uitslag")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_crisis_shortcut_is_on_the_first_screen_above_the_question(page_without_js, lang):
    page = page_without_js
    _start(page, lang)
    _answer_current_question(page, {"group": "none"})
    _answer_current_question(page, {"crisis": ["cutoff"]})
    assert page.url.endswith("/geldcheck/vraag/fixed_costs")
    panel = page.locator(".panel.crisis")
    expect(panel).to_have_count(1)
    assert page.viewport_size == {"width": 360, "height": 740}
    box, legend = panel.bounding_box(), page.locator("main legend").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"], f"{lang}: the panel is at {box}"
    assert box["y"] + box["height"] <= legend["y"], f"{lang}: the panel ends below the question ({legend['y']})"
    assert panel.locator("button").bounding_box()["y"] < page.viewport_size["height"]
    screenshot(page, f"journey-money-check-crisis-panel-{lang}")  # axe needs JavaScript: checked below, with it on


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_after_a_crisis_answer_the_resident_may_go_on_or_stop(page, lang):
    _start(page, lang)
    _answer_current_question(page, {"group": "none"})
    _answer_current_question(page, {"crisis": ["eviction"]})
    _answer_current_question(page, {"fixed_costs": "always"})  # going on with the questions still works
    assert page.url.endswith("/geldcheck/vraag/bills_behind")
    expect(page.locator(".panel.crisis")).to_be_visible()
    check_page(page, f"journey-money-check-crisis-panel-js-{lang}")
    page.locator(".panel.crisis button").click()
    assert page.url.endswith("/geldcheck/uitslag")
    expect(page.locator(".panel.crisis a.tel, .panel.crisis p").first).to_be_visible()


ENTREPRENEUR_IN_DEBT = {**CALM, "group": "entrepreneur", "business_debts": "both", "tax_debts": "yes",
                        "collectors": "bailiff", "postcode": "7241"}


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_running_business_sees_the_entrepreneurs_desk_first_and_what_bbz_is(page, lang):
    _walk_to_result(page, lang, {**ENTREPRENEUR_IN_DEBT, "business_running": "running"})
    helpers = page.locator("main h2 + ul").first.locator("li")
    expect(helpers).to_have_count(2)
    expect(helpers.nth(0)).to_contain_text("Bbz-loket voor zelfstandigen")
    expect(helpers.nth(1)).to_contain_text("Stadsbank Oost Nederland")
    explained = page.get_by_text(BBZ[lang])
    expect(explained).to_be_visible()
    # Right under the list that names it.
    assert explained.bounding_box()["y"] > helpers.nth(1).bounding_box()["y"]
    check_page(page, f"journey-money-check-entrepreneur-running-{lang}")


def test_a_stopped_business_sees_the_formal_help_first_and_bbz_still_explained(page):
    _walk_to_result(page, "nl", {**ENTREPRENEUR_IN_DEBT, "business_running": "stopped"})
    helpers = page.locator("main h2 + ul").first.locator("li")
    expect(helpers).to_have_text(["Stadsbank Oost Nederland – schuldhulpverlening"])
    expect(page.get_by_text(BBZ["nl"])).to_be_visible()
    check_page(page, "journey-money-check-entrepreneur-stopped-nl")


@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize("changes", [{"collectors": "bailiff"}, {"crisis": ["eviction"]}])
def test_outside_every_municipality_the_result_says_where_to_go_instead(page_without_js, lang, changes):
    page = page_without_js
    _walk_to_result(page, lang, {**CALM, **changes, "postcode": "1011"})
    main = page.locator("main")
    expect(main.locator("a[href^='/aanmelden']")).to_have_count(0)
    expect(main.locator("a[href='/vraag-stellen']")).to_have_count(0)
    expect(main).not_to_contain_text("Meld u")
    expect(page.get_by_role("heading", name=OWN_MUNICIPALITY[lang])).to_be_visible()
    expect(main.get_by_role("link", name="geldfit.nl")).to_be_visible()
    expect(main.locator("span[lang=nl]")).to_have_text("schuldhulp")
    expect(main.locator("a[download]")).to_be_visible()  # saving the result, part of the self-help, stays
    name = "crisis" if "crisis" in changes else "debt-help"
    screenshot(page, f"journey-money-check-outside-{name}-{lang}")
    if lang == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
