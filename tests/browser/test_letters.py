"""Letters on paper, in the browser: the page the letter's short link opens (nl and Arabic), and the coordinator's
"Brieven" page with the day's PDF and "posted"."""

import pytest
from playwright.sync_api import expect

from portal.models import StaffRole
from portal.services.letters import link_token
from tests.browser.helpers import check_page, enrolled_staff, remember_documents, staff_log_in
from tests.letter_fixtures import ADDRESS, queue_letter
from tests.staff_fixtures import build_case

COORDINATOR, PASSWORD = "regisseur@letters.browser", "browser test password"


@pytest.fixture(scope="module")
def coordinator(live_app):
    enrolled_staff(live_app, COORDINATOR, "Noor Bakker", StaffRole.KETENREGISSEUR, PASSWORD)
    return live_app


def _letter(app, language="nl"):
    """A sign-up that chose a letter, and its confirmation waiting in the outbox to be printed."""
    session = app.extensions["db_sessionmaker"]()
    case = build_case(session, "lansingerland", call_name="Demo Brief", channels=["letter"],
                      answers={"contact": {"postal_address": ADDRESS}})
    letter = queue_letter(session, case, language=language)
    found = letter.reference, case.reference
    session.close()
    return found


@pytest.mark.parametrize(("locale", "heading"), [("nl-NL", "U kreeg een brief van de gemeente"),
                                                 ("ar", "وصلتك رسالة من البلدية")])
def test_the_short_link_on_a_letter_opens_the_municipalitys_page(browser, live_server, live_app, locale, heading):
    reference, _ = _letter(live_app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale=locale)
    page = context.new_page()
    remember_documents(page)
    page.goto(f"/b/{link_token(live_app.config['SECRET_KEY'], reference)}")
    expect(page).to_have_url(f"{live_server}/brief")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text("14 010")
    expect(page.locator("main .actions a")).to_have_count(2)
    if locale == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_page(page, f"letter-welcome-{locale[:2]}")
    page.goto("/b/not-a-good-token")
    expect(page).to_have_url(f"{live_server}/")
    context.close()


def test_the_coordinator_prints_the_days_letters_and_marks_them_posted(browser, live_server, coordinator):
    app = coordinator
    _, case_reference = _letter(app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL",
                                  accept_downloads=True)
    page = context.new_page()
    remember_documents(page)
    page.goto("/werkplek/inloggen")
    staff_log_in(page, app, COORDINATOR, PASSWORD)
    page.get_by_role("link", name="Brieven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brieven")
    expect(page.get_by_role("link", name=case_reference)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Dorpsstraat")
    check_page(page, "staff-letters")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download de brieven van vandaag als één PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("brieven-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("button", name="Deze brieven zijn verstuurd").click()
    expect(page.get_by_role("status")).to_contain_text("brieven zijn verstuurd")
    expect(page.get_by_role("link", name=case_reference)).to_have_count(0)
    check_page(page, "staff-letters-posted")
    context.close()
