import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_page, screenshot


@pytest.mark.parametrize("lang,heading", [("nl", "Zorgen over geld? U staat er niet alleen voor."),
                                          ("en", "Worried about money? You are not alone.")])
def test_start_page_on_a_phone(page, lang, heading):
    page.goto(f"/taal/{lang}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page, f"start-{lang}")


def test_language_switch_is_remembered(page):
    page.goto("/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Find who helps you in your municipality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who helps you in your municipality?")


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()


def _look_up(page, postcode: str) -> None:
    """What a resident does on the find-your-municipality page: type the postcode, press Zoeken."""
    page.goto("/uw-gemeente")
    page.get_by_label("Uw postcode").fill(postcode)
    page.get_by_role("button", name="Zoeken").click()


def test_find_municipality_without_javascript(page_without_js):
    page = page_without_js
    _look_up(page, "2651 AB")
    expect(page.get_by_role("heading", name="Gemeente Lansingerland")).to_be_visible()
    expect(page.locator("footer a.tel")).to_have_text("14 010")
    screenshot(page, "find-municipality-found-no-js")


def test_find_municipality_errors_are_accessible(page):
    _look_up(page, "abc")
    expect(page.get_by_role("alert")).to_contain_text("Vul een postcode in zoals 2651 AB")
    expect(page.get_by_label("Uw postcode")).to_have_value("abc")
    check_page(page, "find-municipality-error")


def test_postcode_outside_gets_kind_answer(page):
    _look_up(page, "1011")
    expect(page.get_by_role("heading", name="Voor deze postcode kunnen wij u hier nog niet helpen")).to_be_visible()
    check_page(page, "find-municipality-outside")


def test_not_found_page(page):
    page.goto("/bestaat-niet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    check_page(page, "error-404")


def test_the_page_is_styled_from_its_own_html_without_a_second_request(page):
    """The stylesheet comes inside the page (one round trip on a slow line); the policy must let exactly it apply."""
    refused, requests = [], []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.on("request", lambda request: requests.append(request.resource_type))
    page.goto("/")
    assert refused == []
    assert "stylesheet" not in requests
    header_line = page.locator("header.top").evaluate("e => getComputedStyle(e).borderBottomWidth")
    assert header_line == "4px", "the stylesheet did not apply"
