"""Early warning on a phone (360 px), as a coordinator goes through it: the queue of households, one household, a home
visit logged, closing as "help accepted", and the linked sign-up in the sign-up queue. The home-visit list without
JavaScript, as an outreach worker's phone may have it."""

import pytest
from playwright.sync_api import expect

from portal.domain.early_warning import Approach
from portal.models import StaffRole
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, staff_log_in
from tests.early_warning_fixtures import Signal, make_household

EMAIL, PASSWORD = "regisseur@lansingerland.ew-browser", "early warning browser test password"
LIVE: dict = {}
NAME = "Wessel Vroeg"


@pytest.fixture(scope="module")
def households(live_app):
    LIVE["app"] = live_app
    with live_app.extensions["db_sessionmaker"]() as session:
        create_or_update_staff(session, email=EMAIL, name="Vera Vroeg", role=StaffRole.KETENREGISSEUR,
                               municipality_slug="lansingerland", password=PASSWORD)
        # Crisis and late, so it leads the queue whatever other browser modules left in the shared database.
        zaak = make_household(session, name=NAME, postcode="2651 AB", phone="0687650001", approach=Approach.CRISIS,
                              signals=[Signal("Huur", 1250, "Woonzorg Lansingerland", crisis=True),
                                       Signal("Energie", 180, "Eneco", days_ago=1)], due_in_days=-20)
        make_household(session, name="كريم العلي", postcode="2652 CD", signals=[Signal("Zorg", 95, "CZ")],
                       approach=Approach.LETTER_SMS)
        make_household(session, name="Bo Bezoek", postcode="2653 EF", signals=[Signal("Huur", 600),
                                                                               Signal("Water", 80)], due_in_days=0)
        return zaak.id


def test_queue_household_home_visit_and_help_accepted_make_a_sign_up(page, households):
    page.goto("/werkplek/vroegsignalen")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vroegsignalen")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Wessel 2651")
    check_page(page, "workspace-early-warning-queue-phone")

    page.get_by_role("link", name="Wessel 2651").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Huishouden {NAME}")
    expect(page.locator("#signals-title")).to_contain_text("totaal € 1.430")
    check_page(page, "workspace-early-warning-household-phone")

    form = page.locator("#contactpoging")
    form.get_by_label("Hoe?").select_option(label="Huisbezoek")
    form.get_by_label("Ja, gesproken").check()
    form.get_by_label("Middag").check()
    form.get_by_label("Notitie (mag leeg blijven)").fill("Thuis getroffen, wil hulp met de huur.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen: contactpoging ‘Huisbezoek’.")
    expect(page.locator("ol.attempts")).to_contain_text("Huisbezoek – bereikt")

    closing = page.locator("#afsluiten")
    closing.get_by_label("Eindresultaat").select_option(value="Vervolghulp en/of verwijzing financieel")
    closing.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_role("status")).to_contain_text("staat in de wachtrij")
    check_page(page, "workspace-early-warning-closed-phone")

    page.get_by_role("link", name="Naar aanmelding").click()
    expect(page.locator(".from-early-warning")).to_contain_text("Uit vroegsignalering")
    expect(page.locator("section.attention")).to_contain_text(NAME)
    check_page(page, "workspace-early-warning-linked-case-phone")
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Zaak ")

    page.get_by_role("navigation", name="Werkplek").get_by_role("link", name="Wachtrij").click()
    expect(page.locator("tbody")).to_contain_text(reference)


def test_the_home_visit_list_works_without_javascript_at_360_px(page_without_js, households):
    page = page_without_js
    page.goto("/werkplek/vroegsignalen/huisbezoeken")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huisbezoeken")
    check_page(page, "workspace-early-warning-home-visits-phone")
    link = page.get_by_role("link", name="Bezoek vastleggen").first
    box = link.bounding_box()
    assert box["height"] >= 44, "a touch target a thumb can hit"
