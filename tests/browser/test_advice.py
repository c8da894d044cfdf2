"""Anonymous advice on a 360x740 phone: ask, answer (staff), read, reply, and turn it into a sign-up."""

import re

from playwright.sync_api import expect
from sqlalchemy import update

from portal.models import AdviceQuestion, StaffRole
from portal.services import advice
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, screenshot, staff_log_in

EMAIL, PASSWORD = "regisseur@lochem.browser", "browser test password"


def _ask(page):
    page.goto("/vraag-stellen")
    check_page(page, "advice-ask")
    page.get_by_label("Uw gemeente").select_option("lochem")
    page.get_by_label("Uw vraag", exact=True).fill("Mag ik een betalingsregeling vragen bij mijn energiebedrijf?")
    page.wait_for_timeout(3200)  # people take a few seconds; the form refuses instant posts
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw vraag is verstuurd")
    check_page(page, "advice-asked")
    code, secret = [dd.inner_text().strip() for dd in page.locator("dd.reference").all()]
    return code, secret


def test_ask_answer_read_reply_sign_up(page, browser, live_server, live_app):
    create_or_update_staff(live_app.extensions["db_sessionmaker"](), email=EMAIL, name="Fatma Yilmaz",
                           role=StaffRole.KETENREGISSEUR, municipality_slug="lochem", password=PASSWORD)
    code, secret = _ask(page)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server, locale="nl-NL")
    desk = staff.new_page()
    desk.goto("/werkplek/vragen")
    staff_log_in(desk, live_app, EMAIL, PASSWORD)
    check_page(desk, "staff-advice-inbox")
    desk.get_by_role("link", name="Mag ik een betalingsregeling").click()
    check_page(desk, "staff-advice-question")
    desk.get_by_label("Uw antwoord").fill("Ja, dat mag altijd. Bel ze en vraag naar een regeling.")
    desk.get_by_role("button", name="Verstuur antwoord").click()
    staff.close()

    page.goto("/vraag-ophalen")
    check_page(page, "advice-pickup")
    page.get_by_label("Uw code").fill(code)
    page.get_by_label("Uw geheime woorden").fill(secret)
    page.get_by_role("button", name="Lees het antwoord").click()
    expect(page.locator("ol.thread")).to_contain_text("Ja, dat mag altijd.")
    check_page(page, "advice-conversation")
    page.get_by_label("Uw reactie").fill("Dank u. En als ze nee zeggen?")
    page.get_by_role("button", name="Verstuur reactie").click()
    expect(page.locator("ol.thread li").last).to_contain_text("En als ze nee zeggen?")
    page.get_by_label("Ja, meld mij aan en stuur mijn vraag mee").check()
    page.get_by_role("button", name="Verder", exact=True).click()
    # Where they live comes first; asking the question told us already, to confirm.
    page.get_by_role("button", name="Ja, ik woon in Lochem").click()
    expect(page.get_by_label("Wilt u er iets over vertellen? (mag ook leeg blijven)")).to_have_value(
        "Mag ik een betalingsregeling vragen bij mijn energiebedrijf?")


def test_asking_works_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/vraag-stellen")
    page.get_by_label("Uw gemeente").select_option("groningen")
    page.get_by_label("Uw vraag", exact=True).fill("Waar vind ik hulp bij mijn studieschuld?")
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw vraag is verstuurd")
    screenshot(page, "advice-asked-no-js")


def test_a_locked_question_tells_the_resident_whom_to_call_in_dutch_and_arabic(page, live_app):
    """Finding 12.6: after ten wrong tries with its code (from any address) a question no longer opens, even with the
    right words; the resident sees why and a number to call, also in Arabic, right-to-left, the number left-to-right."""
    code, secret = _ask(page)
    with live_app.extensions["db_sessionmaker"]() as session:  # as ten wrong tries from ten addresses leave it
        session.execute(update(AdviceQuestion).where(AdviceQuestion.code_hash == advice._code_hash(code))
                        .values(failed_tries=advice.LOCK_AFTER))
        session.commit()
    for language in ("nl", "ar"):
        page.goto(f"/taal/{language}?next=/vraag-ophalen")
        page.locator("input[name=code]").fill(code)
        page.locator("input[name=secret]").fill(secret)
        page.locator("form button[type=submit]").click()
        locked = page.locator("#locked")
        expect(locked).to_be_visible()
        expect(page.locator("ol.thread")).to_have_count(0)
        phone = locked.get_by_role("link")
        expect(phone).to_have_attribute("href", re.compile(r"^tel:\+?[0-9]+$"))
        assert page.evaluate("getComputedStyle(document.querySelector('#locked a.tel')).direction") == "ltr"
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
        check_page(page, f"advice-locked-{language}")
