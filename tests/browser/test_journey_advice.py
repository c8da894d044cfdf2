"""Issue 14, items 6 and 10: an anonymous question on a 360x740 phone without JavaScript, in Arabic, Dutch and
Tigrinya. The secret comes in the reading language and opens the question from a page in another language; after
our answer and the resident's reply the page says truly where the conversation stands, and by which day."""

import re

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from portal.db import utcnow
from portal.models import StaffRole
from portal.rules.advice_thread import answer_due
from portal.rules.deadlines import local_date
from portal.rules.secret_word_lists import WORD_LISTS
from portal.services.staff import create_or_update_staff
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_horizontal_overflow, check_page, screenshot, staff_log_in

EMAIL, PASSWORD = "advies@groningen.browser", "browser test password"
QUESTION = "هل يمكنني أن أطلب من شركة الطاقة خطة دفع؟"


def _phone(browser, live_server, js):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="nl-NL", java_script_enabled=js)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.js = js
    return context, page


def _look(page, name):
    """axe-core needs JavaScript; without it, the overflow check and the screenshot."""
    if page.js:
        check_page(page, name)
    else:
        assert_no_horizontal_overflow(page)
        screenshot(page, name + "-no-js")


def _ask(page, language, text, name):
    page.goto(f"/taal/{language}?next=/vraag-stellen")
    page.locator("select[name=municipality]").select_option("groningen")
    page.locator("textarea[name=question]").fill(text)
    page.wait_for_timeout(3200)  # people take a few seconds; the form refuses instant posts
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vraag-stellen/verstuurd$"))
    _look(page, name)
    code, secret = page.locator("dd.reference").all()
    return code.inner_text().strip(), secret


def _pick_up(page, language, code, secret, name):
    page.goto(f"/taal/{language}?next=/vraag-ophalen")
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=secret]").fill(secret)
    _look(page, name)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/vraag-ophalen/gesprek$"))


def _day(day, pattern="EEEE d MMMM", locale="nl"):
    return format_date(day, pattern, locale=locale)


def _state_sits_under_the_last_message(page):
    last, state = page.locator("ol.thread > li").last.bounding_box(), page.locator("#stand").bounding_box()
    assert 0 <= state["y"] - (last["y"] + last["height"]) < 60


@pytest.mark.parametrize("js", [False, True], ids=["no-js", "js"])
def test_arabic_words_dutch_pick_up_staff_answer_reply_and_the_true_state(browser, live_server, live_app, js):
    create_or_update_staff(live_app.extensions["db_sessionmaker"](), email=EMAIL, name="Noor Haddad",
                           role=StaffRole.KETENREGISSEUR, municipality_slug="groningen", password=PASSWORD)
    today = local_date(utcnow())
    due = answer_due(today)
    phone, page = _phone(browser, live_server, js)
    question = f"{QUESTION} ({'js' if js else 'no-js'})"

    code, secret_shown = _ask(page, "ar", question, "journey-advice-asked-ar")
    expect(secret_shown).to_have_attribute("lang", "ar")
    expect(secret_shown).to_have_attribute("dir", "rtl")
    secret = secret_shown.inner_text().strip()
    assert len(secret.split()) == 3 and all(word in WORD_LISTS["ar"] for word in secret.split())
    expect(page.locator("main")).to_contain_text(_day(due, locale="ar"))

    # The same phone, the page in Arabic: the hint shows Arabic example words.
    page.goto("/vraag-ophalen")
    expect(page.locator("#secret-hint")).to_contain_text(" ".join(WORD_LISTS["ar"][:3]))
    # Later, a computer at the library reads Dutch: the Arabic words still open the question, typed without hamza.
    library, desk_page = _phone(browser, live_server, js)
    _pick_up(desk_page, "nl", code, secret.replace("أ", "ا").replace("إ", "ا"), "journey-advice-pickup-nl-arabic")
    expect(desk_page.locator("#stand")).to_have_text(
        f"Wij hebben nog niet geantwoord. U krijgt uiterlijk {_day(due)} antwoord. Kom dan terug om het te lezen.")
    _look(desk_page, "journey-advice-waiting-nl")

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server, locale="nl-NL")
    desk = staff.new_page()
    desk.goto("/werkplek/vragen")
    staff_log_in(desk, live_app, EMAIL, PASSWORD)
    row = desk.locator("tbody tr", has_text=question[-30:])
    expect(row).to_contain_text(_day(due, "EEE d MMM"))
    check_page(desk, "journey-advice-staff-inbox")
    row.get_by_role("link").click()
    desk.get_by_label("Uw antwoord").fill("Ja, dat mag altijd. Bel ze en vraag naar een regeling.")
    desk.get_by_role("button", name="Verstuur antwoord").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Anonieme vragen")

    desk_page.reload()
    expect(desk_page.locator("ol.thread")).to_contain_text("Ja, dat mag altijd.")
    expect(desk_page.locator("#stand")).to_contain_text(f"Er is een antwoord van ons, van {_day(today, 'd MMMM')}.")
    _state_sits_under_the_last_message(desk_page)
    _look(desk_page, "journey-advice-answered-nl")
    library.close()

    # Back on the phone, in Arabic: read the answer and reply.
    _pick_up(page, "ar", code, secret, "journey-advice-pickup-ar")
    expect(page.locator("#stand")).to_contain_text("يوجد جواب منا")
    _look(page, "journey-advice-answered-ar")
    page.locator("textarea[name=text]").fill(f"شكرًا. وإذا رفضوا؟ ({'js' if js else 'no-js'})")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("ol.thread > li").last).to_contain_text("وإذا رفضوا؟")
    state = page.locator("#stand")
    expect(state).to_contain_text("أرسلت إلينا رسالتك الأخيرة")
    expect(state).to_contain_text(_day(due, locale="ar"))
    expect(state).not_to_contain_text("لم نجب بعد")
    _state_sits_under_the_last_message(page)
    _look(page, "journey-advice-replied-ar")

    page.goto("/taal/nl?next=/vraag-ophalen/gesprek")
    expect(page.locator("#stand")).to_have_text(
        f"U stuurde ons uw laatste bericht op {_day(today, 'd MMMM')}. Wij antwoorden uiterlijk {_day(due)}. "
        "Kom dan terug om het te lezen.")
    expect(page.locator("main")).not_to_contain_text("nog niet geantwoord")
    _look(page, "journey-advice-replied-nl")
    desk.reload()
    expect(desk.locator("tbody tr", has_text=f"وإذا رفضوا؟ ({'js' if js else 'no-js'})")).to_contain_text(
        _day(due, "EEE d MMM"))
    staff.close()
    phone.close()


def test_tigrinya_readers_get_digits_they_can_type_on_any_phone(browser, live_server):
    phone, page = _phone(browser, live_server, js=True)
    code, secret_shown = _ask(page, "ti", "ብዛዕባ ዕዳ ሕቶ ኣለኒ።", "journey-advice-asked-ti")
    secret = secret_shown.inner_text().strip()
    assert re.fullmatch(r"[0-9]{3} [0-9]{3}", secret)
    expect(page.locator("dt").nth(1)).to_have_text("ምስጢራዊ ቁጽርታትኩም")
    page.goto("/vraag-ophalen")
    expect(page.locator("label[for=secret]")).to_have_text("ምስጢራዊ ቁጽርታትኩም")
    _pick_up(page, "ti", code, secret.replace(" ", ""), "journey-advice-pickup-ti")
    _look(page, "journey-advice-waiting-ti")
    phone.close()


def test_dutch_readers_get_dutch_words_marked_as_dutch(browser, live_server):
    phone, page = _phone(browser, live_server, js=True)
    code, secret_shown = _ask(page, "nl", "Mag de deurwaarder mijn loon pakken?", "journey-advice-asked-nl")
    expect(secret_shown).to_have_attribute("lang", "nl")
    secret = secret_shown.inner_text().strip()
    assert all(word in WORD_LISTS["nl"] for word in secret.split())
    _pick_up(page, "ar", code, secret.upper(), "journey-advice-pickup-ar-dutch")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    phone.close()
