"""Issue 15, case page details and inbox, on a phone (360 px) and a laptop (1280 px): Arabic own words read right to
left, the no-voicemail warning and refusal, a message after saving a note, and a whole advice conversation."""

import pytest
from playwright.sync_api import expect

from portal.models import StaffMember, StaffRole
from portal.services import advice
from portal.services.staff import create_or_update_staff
from tests.browser import helpers
from tests.browser.helpers import check_page, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@lochem.browser", "browser test password for details"
OWN_WORDS = "أخاف من رسائل الجباية ولا أستطيع دفع الإيجار"
WIDTHS = {360: 740, 1280: 900}


@pytest.fixture(scope="module")
def lochem(live_app):
    """A Lochem case with Arabic own words and no voicemail, and an anonymous conversation of three messages."""
    session = live_app.extensions["db_sessionmaker"]()
    member = create_or_update_staff(session, email=EMAIL, name="Anouk Bos", role=StaffRole.KETENREGISSEUR,
                                    municipality_slug="lochem", password=PASSWORD)
    case = build_case(session, "lochem", call_name="فاطمة", phone="+31612345678", channels=["phone", "whatsapp"],
                      source="lochem-bank", source_reason="overdraft",
                      answers={"situatie": {"own_words": OWN_WORDS},
                               "bereikbaarheid": {"voicemail": "no", "language": "ar"}})
    pick_up = advice.ask(session, municipality_id=member.municipality_id, topic="debts", group="entrepreneur",
                         text="Mijn bedrijf loopt slecht. Mag de belasting mijn rekening leeghalen?",
                         callback_phone=None)
    question = next(w.question for w in advice.inbox(session, session.get(StaffMember, member.id))
                    if w.question.messages[0].text.startswith("Mijn bedrijf"))
    advice.answer(session, member, question.id, "Nee, niet alles. Er blijft altijd een deel voor u over.")
    advice.reply(session, question.id, "هل يمكنكم مساعدتي في ترتيب دفعات؟")
    ids = {"case": case.id, "question": question.id, "code": pick_up.code}
    session.close()
    return ids


def _signed_in(browser, live_server, live_app, width):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, base_url=live_server,
                                  locale="nl-NL")
    page = context.new_page()
    helpers.remember_documents(page)
    page.set_default_timeout(10_000)
    page.goto("/werkplek/vragen")
    staff_log_in(page, live_app, EMAIL, PASSWORD)
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_case_page_reads_arabic_right_to_left_warns_and_confirms(browser, live_server, live_app, lochem, width):
    context, page = _signed_in(browser, live_server, live_app, width)
    page.goto(f"/werkplek/zaak/{lochem['case']}")
    own_words = page.get_by_text(OWN_WORDS)
    expect(own_words).to_have_attribute("dir", "auto")
    assert own_words.evaluate("e => getComputedStyle(e).direction") == "rtl", "Arabic reads right to left"
    assert page.locator("#what-title").evaluate("e => getComputedStyle(e).direction") == "ltr", "the page does not"
    expect(page.locator("#what-title").locator("..")).to_contain_text(
        "Bron: Bank (app, rood staan), klanten in Lochem – Bank-app (Vaak rood staan)")
    warning = page.locator(".contact-warning")
    expect(warning.locator("strong")).to_have_text("Deze persoon wil geen voicemail. Spreek niets in.")
    expect(page.get_by_label("Hoe?")).to_have_accessible_description(
        "Deze persoon wil geen voicemail. Spreek niets in. Niet afgesproken met deze persoon: Sms gestuurd, "
        "E-mail gestuurd, Brief gestuurd, Huisbezoek.")
    check_page(page, f"workspace-case-details-{width}")

    page.get_by_label("Hoe?").select_option("voicemail")
    page.get_by_label("Nee, niet bereikt").check()
    page.get_by_label("Notitie (mag leeg blijven)").fill("Ging acht keer over")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#kind-error")).to_contain_text("Deze persoon wil geen voicemail.")
    expect(page.get_by_label("Notitie (mag leeg blijven)")).to_have_value("Ging acht keer over")
    assert page.locator("#contact").evaluate("e => e.getBoundingClientRect().top") < WIDTHS[width], \
        "the page opens at the form with the error"
    check_page(page, f"workspace-case-voicemail-refused-{width}")

    page.get_by_label("Notitie", exact=True).fill("Belt liever na 16 uur.")
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen: uw notitie staat in de tijdlijn.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    expect(page.locator("ol.timeline")).to_contain_text("Belt liever na 16 uur.")
    check_page(page, f"workspace-case-note-saved-{width}")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_inbox_and_the_whole_conversation(browser, live_server, live_app, lochem, width):
    context, page = _signed_in(browser, live_server, live_app, width)
    row = page.locator("tbody tr", has_text="Mijn bedrijf loopt slecht")
    expect(row.locator(".topic")).to_have_text("Onderwerp: Schulden en incasso Ondernemer")
    expect(row.locator(".count")).to_have_text("3")
    check_page(page, f"workspace-advice-inbox-{width}")

    row.get_by_role("link").click()
    messages = page.locator("ol.thread li")
    expect(messages).to_have_count(3)
    expect(messages.nth(0)).to_contain_text("Inwoner")
    expect(messages.nth(1)).to_contain_text("Medewerker Anouk Bos")
    expect(messages.nth(2)).to_contain_text("هل يمكنكم مساعدتي")
    reply = messages.nth(2).locator("p[dir=auto]")
    assert reply.evaluate("e => getComputedStyle(e).direction") == "rtl"
    check_page(page, f"workspace-advice-question-{width}")
    context.close()
