"""What every resident page carries around its content: "Snel weg" and how to clear the history, phone numbers,
Dutch words marked as Dutch, the icon, robots.txt and the description, and valid HTML (the Nu Html Checker)."""

import re

import pytest
from playwright.sync_api import expect

from portal.rules.quick_exit import DEFAULT_QUICK_EXIT_URL
from tests.browser import helpers
from tests.browser.helpers import check_page
from tests.browser.test_signup import walk_signup
from tests.resident.signup_helpers import DEFAULT_STEPS

LANGUAGES = ["nl", "en", "ar", "ti", "uk", "tr", "pl"]
WIDTHS = [320, 360]
LANSINGERLAND_EXIT = "https://nos.nl/"  # demo/municipalities.toml


@pytest.fixture
def phone_page(browser, live_server, request):
    width = getattr(request, "param", 360)
    context = browser.new_context(viewport={"width": width, "height": 740}, base_url=live_server, locale="nl-NL")
    page = context.new_page()
    helpers.remember_documents(page)
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _box(locator) -> dict:
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " return {x: r.left, y: r.top, right: r.right, bottom: r.bottom}; }")


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


def _assert_exit_covers_nothing(page, what: str, targets) -> None:
    exit_box = _box(page.locator(".quick-exit"))
    for index in range(targets.count()):
        target = targets.nth(index)
        target.evaluate("e => e.scrollIntoView({block: 'start'})")  # as far up as scrolling takes it
        box, exit_box = _box(target), _box(page.locator(".quick-exit"))
        assert not _overlap(exit_box, box), (
            f"{page.url}: 'Snel weg' {exit_box} covers {what} #{index + 1} {box} ({target.inner_text()!r})")


@pytest.mark.parametrize("phone_page", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_exit_covers_neither_the_header_nor_an_option(phone_page, lang):
    page = phone_page
    page.goto(f"/taal/{lang}?next=/")
    _assert_exit_covers_nothing(page, "the header", page.locator(".top .brand, .top .langs a"))
    help_link = page.locator(".exit-help")
    expect(help_link).to_be_visible()
    help_box, bar = _box(help_link), _box(page.locator(".exit-bar"))
    assert bar["y"] <= help_box["y"] and help_box["bottom"] <= bar["bottom"], f"{help_box} sticks out of {bar}"
    assert not _overlap(help_box, _box(page.locator(".quick-exit")))
    page.goto("/geldcheck")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".choice").first).to_be_visible()
    _assert_exit_covers_nothing(page, "option", page.locator(".choice"))
    # Still there after scrolling, and in reach: a sticky strip, not part of the page that scrolls away.
    expect(page.locator(".quick-exit")).to_be_in_viewport()
    width = page.viewport_size["width"]
    if lang in ("nl", "ar", "pl", "uk") or width == 320:
        page.evaluate("window.scrollTo(0, 0)")  # a full-page screenshot would draw the strip where it stuck
        check_page(page, f"chrome-quick-exit-{lang}-{width}-scrolled")


def test_quick_exit_leads_to_the_page_the_municipality_chose(page_without_js):
    page = page_without_js
    page.goto("/")
    expect(page.get_by_role("link", name="Snel weg")).to_have_attribute("href", DEFAULT_QUICK_EXIT_URL)
    page.goto("/uw-gemeente")
    page.get_by_label("Uw postcode").fill("2651 AB")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#gemeente-titel")).to_contain_text("Lansingerland")
    expect(page.get_by_role("link", name="Snel weg")).to_have_attribute("href", LANSINGERLAND_EXIT)
    check_page(page, "chrome-quick-exit-municipality-nojs")


def test_quick_exit_with_javascript_goes_to_the_municipality_page(page):
    page.route(f"{LANSINGERLAND_EXIT}**", lambda route: route.fulfill(body="nieuws", content_type="text/plain"))
    page.goto("/uw-gemeente")
    page.get_by_label("Uw postcode").fill("2651")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Snel weg").click()
    page.wait_for_url(f"{LANSINGERLAND_EXIT}**")


@pytest.mark.parametrize("lang,heading", [("nl", "Zo wist u wat u hier bekeek"), ("ar", None)])
def test_how_to_clear_the_history_from_the_quick_exit_and_the_accessibility_page(page_without_js, lang, heading):
    page = page_without_js
    page.goto(f"/taal/{lang}?next=/geldcheck")
    page.locator(".exit-bar .exit-help").click()
    expect(page).to_have_url(re.compile(r"/geschiedenis-wissen$"))
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main ol li")).to_have_count(5)
    check_page(page, f"chrome-clear-history-{lang}")
    page.goto("/toegankelijkheid")
    page.locator("main a[href='/geschiedenis-wissen']").click()
    expect(page).to_have_url(re.compile(r"/geschiedenis-wissen$"))


def _phone_is_isolated_ltr(locator) -> None:
    expect(locator).to_have_attribute("dir", "ltr")
    style = locator.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]")
    assert style == ["ltr", "isolate"], style


@pytest.mark.parametrize("lang", ["ar", "nl"])
def test_phone_numbers_as_typed_and_dutch_words_marked_on_the_check_page(page, lang):
    page.goto(f"/taal/{lang}?next=/aanmelden")
    page.locator("main form button[type=submit]").click()
    walk_signup(page, lang, "chrome", steps=DEFAULT_STEPS, check=False)
    assert page.url.endswith("/aanmelden/controleren")
    own = page.locator(".summary a.tel")
    expect(own).to_have_text("06 12345678")  # as typed, not +31612345678 (shown as 31612345678+ in Arabic)
    expect(own).to_have_attribute("href", "tel:+31612345678")
    _phone_is_isolated_ltr(own)
    municipality = page.locator(".foot a.tel")
    expect(municipality).to_have_text("14 010")
    _phone_is_isolated_ltr(municipality)
    expect(page.locator(".summary [lang=nl]")).to_have_text("Nederlands")
    check_page(page, f"chrome-check-phone-{lang}")


def test_the_icon_the_description_and_robots_txt(page):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("console", lambda message: failed.append(message.text) if message.type == "error" else None)
    page.goto("/taal/ar?next=/")
    arabic = page.locator("meta[name=description]").get_attribute("content")
    page.goto("/taal/nl?next=/")
    expect(page.locator("meta[name=description]")).to_have_attribute("content", re.compile("geldcheck"))
    assert arabic and arabic != page.locator("meta[name=description]").get_attribute("content")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", "/favicon.ico")
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    assert len(icon.body()) < 1024 and icon.body()[:4] == b"\0\0\1\0"
    assert "max-age=31536000" in icon.headers["cache-control"] and "no-store" not in icon.headers["cache-control"]
    robots = page.request.get("/robots.txt").text()
    for path in ("/werkplek/", "/via/t/", "/aanmelden/verder/"):
        assert f"Disallow: {path}\n" in robots
    assert failed == []


def test_html_checker_runs_and_finds_a_duplicate_id(page):
    if not helpers.HTML_CHECKER["url"]:
        pytest.skip(f"HTML not checked: {helpers.HTML_CHECKER['missing']}")
    errors = helpers.html_errors('<!doctype html><html lang="nl"><title>x</title><p id="a"></p><p id="a"></p>')
    assert [e["message"] for e in errors] == ["Duplicate ID “a”."]
    # The crisis question has two forms (the question and "show now what I can do"): no id twice.
    page.goto("/geldcheck")
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=answer][value=none]").check()  # the group question
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[name=answer][value=eviction]").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main form")).to_have_count(2)
    assert helpers.html_errors(page.content()) == []
    check_page(page, "chrome-crisis-two-forms")
