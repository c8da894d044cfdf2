"""A coordinator finds a resident by name and by phone number, on a phone (360 px) and a laptop (1280 px)."""

import pytest
from playwright.sync_api import expect

from portal.models import StaffRole
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@lochem.browser", "browser test password"
LIVE: dict = {}


@pytest.fixture(scope="module")
def lochem_cases(live_app):
    """Lochem's own cases, so the other browser tests' queues stay as they expect."""
    LIVE["app"] = live_app
    with live_app.extensions["db_sessionmaker"]() as session:
        create_or_update_staff(session, email=EMAIL, name="Ilse Wolters", role=StaffRole.KETENREGISSEUR,
                               municipality_slug="lochem", password=PASSWORD)
        made = {"fatima": build_case(session, "lochem", call_name="Fatima Zerhouni", phone="+31611223344",
                                     submitted_days_ago=40),
                "arabic": build_case(session, "lochem", call_name="فاطِمة الزَّرهوني", phone="06 11223344"),
                "sam": build_case(session, "lochem", call_name="Sam Jansen", phone="+31687654321")}
        return {name: case.reference for name, case in made.items()}


def _search(page, text: str) -> None:
    """As a coordinator does on a call: open "Zoeken en filters" (a <details>, closed on every page), type, show."""
    page.get_by_text("Zoeken en filters", exact=False).first.click()
    page.get_by_label("Zoek op nummer, naam of telefoon").fill(text)
    page.get_by_role("button", name="Toon").click()


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)])
def test_a_coordinator_finds_fatima_by_name_and_by_phone_number(browser, live_server, lochem_cases, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server,
                                  locale="nl-NL")
    page = context.new_page()
    page.goto("/werkplek/")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    # A surname no other browser module uses: the live database is shared by the whole session.
    _search(page, "Zerhouni")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(lochem_cases["fatima"])
    badge = rows.first.locator(".possible-duplicate")
    expect(badge).to_contain_text("Mogelijk dubbel")
    expect(badge.get_by_role("link")).to_have_text(lochem_cases["arabic"])
    check_page(page, f"workspace-search-name-{width}")

    _search(page, "0031 6 1122 3344")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody tr .badge.duplicate")).to_have_count(2)
    expect(page.locator("tbody")).not_to_contain_text(lochem_cases["sam"])
    check_page(page, f"workspace-search-phone-{width}")

    _search(page, "Fati")
    expect(page.locator(".search-empty")).to_contain_text("Geen zaak gevonden. Zoeken gaat op het hele nummer")
    check_page(page, f"workspace-search-nothing-{width}")

    _search(page, "الزرهوني")  # without the vowel mark it was typed with
    expect(page.locator("tbody tr")).to_have_count(1)
    page.locator("tbody tr .possible-duplicate a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {lochem_cases['fatima']}")
    expect(page.locator(".possible-duplicate")).to_contain_text(lochem_cases["arabic"])
    check_page(page, f"workspace-search-case-duplicate-{width}")
    context.close()
