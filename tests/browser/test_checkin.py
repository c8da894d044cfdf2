"""The after-care check-in in the browser, JavaScript off, at 360 px: the three questions, the thank-you page, and
the page a used link opens; in Dutch and Arabic."""

import pytest
from playwright.sync_api import expect

from portal.db import utcnow
from portal.rules.deadlines import local_date
from tests.aftercare_fixtures import add_months, give_link, make_aftercare
from tests.browser.helpers import check_page, remember_documents
from tests.staff_fixtures import build_case

TEXTS = {
    "nl-NL": {"heading": "Hoe gaat het nu met u?", "hard": "Moeilijk", "call": "Ja, bel mij",
              "send": "Verstuur mijn antwoorden", "thanks": "Bedankt voor uw antwoorden",
              "when": "We bellen u binnen 3 werkdagen", "gone": "Deze link werkt niet meer"},
    "ar": {"heading": "كيف حالك الآن؟", "hard": "صعب", "call": "نعم، اتصلوا بي", "send": "أرسل إجاباتي",
           "thanks": "شكراً على إجاباتك", "when": "سنتصل بك خلال 3 أيام عمل", "gone": "هذا الرابط لم يعد يعمل"},
}


def _link(app) -> str:
    session = app.extensions["db_sessionmaker"]()
    case = build_case(session, "lansingerland", call_name="Demo Nazorg", phone="+31612345678", channels=["sms"])
    traject = make_aftercare(session, case, started_on=add_months(local_date(utcnow()), -1))
    token = give_link(session, traject.moments[0])
    session.close()
    return f"/nazorg/{token}"


@pytest.mark.parametrize(("locale", "javascript"), [("nl-NL", False), ("ar", False), ("nl-NL", True), ("ar", True)])
def test_a_resident_answers_the_check_in_and_asks_for_a_call(browser, live_server, live_app, locale, javascript):
    """Without JavaScript as many phones browse; with it, axe checks each page too (it needs the page's timers)."""
    text = TEXTS[locale]
    link = _link(live_app)
    name = f"{locale[:2]}{'-js' if javascript else ''}"
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale=locale,
                                  java_script_enabled=javascript)
    page = context.new_page()
    remember_documents(page)
    page.goto(f"/taal/{locale[:2]}?next={link}")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["heading"])
    if locale == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main")).not_to_contain_text("Demo Nazorg")
    check_page(page, f"checkin-{name}")

    page.get_by_role("button", name=text["send"]).click()  # nothing chosen: a kind error, the link kept
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page, f"checkin-error-{name}")

    page.get_by_label(text["hard"]).check()
    page.get_by_label(text["call"]).check()
    page.get_by_role("button", name=text["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["thanks"])
    expect(page.locator("main")).to_contain_text(text["when"])
    expect(page.locator("main")).to_contain_text("14 010")
    check_page(page, f"checkin-thanks-{name}")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["gone"])
    check_page(page, f"checkin-gone-{name}")
    context.close()


def test_new_bills_without_a_call_show_where_help_is(browser, live_server, live_app):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    page = context.new_page()
    remember_documents(page)
    page.goto(_link(live_app))
    page.get_by_role("group", name="Zijn er nieuwe rekeningen die u niet kunt betalen?").get_by_label("Ja").check()
    page.get_by_label("Nee, nu niet").check()
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoorden")
    expect(page.get_by_role("link", name="Meld u aan voor hulp")).to_be_visible()
    expect(page.get_by_role("link", name="Doe de geldcheck")).to_be_visible()
    check_page(page, "checkin-thanks-help-nl")
    context.close()
