"""After sending, on a 360x740 phone in Dutch and Arabic: every way back shows the sent sign-up (JavaScript off),
the device asks before a second one and lets the resident add something, a used resume link says where the answers
are, and the confirmation says where its message went."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.domain.casework import RESIDENT_ADDITION
from portal.models import Aanmelding, CaseEvent
from tests.browser.conftest import PHONE
from tests.browser.helpers import check_page, screenshot
from tests.browser.test_signup import _fill_step, _next, walk_signup
from tests.resident.signup_helpers import DEFAULT_STEPS

SENT = {"nl": "Uw aanmelding is verstuurd", "ar": "تم إرسال تسجيلك"}
REFERENCE = re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$")


def _count(live_app, model, *where):
    with live_app.extensions["db_sessionmaker"]() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _start(page, lang):
    page.goto(f"/taal/{lang}?next=/aanmelden")
    page.locator("main form button[type=submit]").click()


def _send(page, lang, steps=DEFAULT_STEPS, *, confirm=False) -> str:
    _start(page, lang)
    walk_signup(page, lang, "after-sending", steps, check=False)
    assert page.url.endswith("/aanmelden/controleren")
    if confirm:
        page.locator("#send_confirmation").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SENT[lang])
    return page.locator(".reference").inner_text()


def _shows_sent(page, lang, reference):
    expect(page.get_by_role("heading", level=1)).to_have_text(SENT[lang])
    expect(page.locator(".reference")).to_have_text(reference)


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_back_reload_and_old_tabs_after_sending_show_the_sent_sign_up(page_without_js, live_app, lang):
    page = page_without_js
    before = _count(live_app, Aanmelding)
    _start(page, lang)
    old_step = page.context.new_page()  # a second tab, left open on the first step
    old_step.goto(page.url)
    walk_signup(page, lang, "after-sending", check=False)
    old_check = page.context.new_page()  # and one left on the check page
    old_check.goto("/aanmelden/controleren")
    page.locator("main form button[type=submit]").click()
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.match(reference)

    page.go_back()  # the check page, maybe from the browser's cache
    page.reload()
    _shows_sent(page, lang, reference)
    screenshot(page, f"after-sending-{lang}-back-reload")  # axe needs JavaScript: the JS-on tests run it
    page.go_back()
    page.go_back()
    page.reload()  # a step
    _shows_sent(page, lang, reference)

    _fill_step(old_step, DEFAULT_STEPS["postcode"])
    _next(old_step)
    _shows_sent(old_step, lang, reference)
    old_check.locator("main form button[type=submit]").click()  # "Verstuur" once more, in the old tab
    _shows_sent(old_check, lang, reference)

    old_check.goto("/aanmelden")  # the intro: sent, with the promised date, and no plain start button
    _shows_sent(old_check, lang, reference)
    expect(old_check.locator("main")).not_to_contain_text("U kunt gewoon opnieuw beginnen")
    screenshot(old_check, f"after-sending-{lang}-intro")
    assert _count(live_app, Aanmelding) == before + 1, "no way back made a second Aanmelding"


def _same_phone_browser_closed(browser, page, lang):
    """The session cookie is gone (browser closed); the language and the signed device marker stay."""
    kept = [c for c in page.context.cookies() if c["name"] in ("sent", "lang")]
    assert any(c["name"] == "sent" for c in kept)
    context = browser.new_context(viewport=PHONE, base_url=page.url.split("/aanmelden")[0], locale="nl-NL")
    context.add_cookies(kept)
    later = context.new_page()
    later.set_default_timeout(10_000)
    return context, later


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_new_sign_up_on_the_same_phone_first_offers_to_add_to_the_sent_one(page, browser, live_app, lang):
    before = _count(live_app, Aanmelding)
    reference = _send(page, lang)
    context, later = _same_phone_browser_closed(browser, page, lang)
    later.goto("/aanmelden")
    _shows_sent(later, lang, reference)
    expect(later.locator("main")).not_to_contain_text(DEFAULT_STEPS["contact"]["call_name"])
    check_page(later, f"after-sending-{lang}-same-phone")

    later.locator("main a.button[href='/aanmelden/toevoegen']").click()
    later.locator("textarea").fill("Er kwam vandaag een brief van de deurwaarder.")
    later.locator("main form button[type=submit]").click()
    expect(later.get_by_role("status")).to_be_visible()
    check_page(later, f"after-sending-{lang}-added")
    with live_app.extensions["db_sessionmaker"]() as session:
        aanmelding = session.scalars(select(Aanmelding).where(Aanmelding.reference == reference)).one()
        events = session.scalars(select(CaseEvent).where(CaseEvent.aanmelding_id == aanmelding.id)).all()
    assert [(e.kind, e.text) for e in events] == [(RESIDENT_ADDITION, "Er kwam vandaag een brief van de deurwaarder.")]

    later.goto("/aanmelden")
    later.locator("main form button[type=submit]").click()  # someone else in the household
    assert "/aanmelden/stap/" in later.url
    assert _count(live_app, Aanmelding) == before + 1
    context.close()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_used_resume_link_says_the_answers_are_on_the_other_device(page, browser, lang):
    _start(page, lang)
    _fill_step(page, DEFAULT_STEPS["postcode"])
    _next(page)
    page.locator("button[name=later]").click()
    link = page.locator("#resume-link").input_value()

    laptop = browser.new_context(viewport=PHONE, locale="nl-NL")
    taken = laptop.new_page()
    taken.goto(link)
    taken.locator("button[value=continue]").click()
    assert "/aanmelden/stap/" in taken.url
    laptop.close()

    page.goto(f"/taal/{lang}?next=/")
    page.goto(link)  # the phone, later: the link was used on the laptop
    shown = page.locator("main")
    if lang == "nl":
        expect(page.get_by_role("heading", level=1)).to_have_text("Deze link is al gebruikt")
        expect(shown).to_contain_text("andere telefoon of computer")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("تم استخدام هذا الرابط من قبل")
    expect(shown).not_to_contain_text("gewist")
    check_page(page, f"after-sending-{lang}-used-link")


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_confirmation_says_where_the_sms_went(page, lang):
    steps = {**DEFAULT_STEPS, "contact": {**DEFAULT_STEPS["contact"], "channels": ["phone", "sms"]}}
    _send(page, lang, steps, confirm=True)
    address = page.locator("main bdi[dir=ltr]")
    expect(address).to_have_text("06 •• •• 56 78")
    assert address.evaluate("e => getComputedStyle(e).direction") == "ltr"
    if lang == "nl":
        expect(page.locator("main")).to_contain_text("We hebben een sms gestuurd naar 06 •• •• 56 78.")
        expect(page.locator("main")).to_contain_text("Geen sms gekregen?")
    check_page(page, f"after-sending-{lang}-confirmation-sms")
