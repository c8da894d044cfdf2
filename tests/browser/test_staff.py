"""A coordinator's day on a laptop-sized and a phone-sized screen, with axe-core on every staff page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utcnow
from portal.models import Aanmelding, StaffRole
from portal.rules.reference import new_reference
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, staff_log_in

EMAIL, PASSWORD = "regisseur@groningen.browser", "browser test password"


@pytest.fixture(scope="module")
def groningen_cases(live_app):
    session = live_app.extensions["db_sessionmaker"]()
    LIVE["app"] = live_app
    create_or_update_staff(session, email=EMAIL, name="Jelle Huizinga", role=StaffRole.KETENREGISSEUR,
                           municipality_slug="groningen", password=PASSWORD)
    from portal.services.municipalities import find_by_slug

    groningen = find_by_slug(session, "groningen")
    today = utcnow().date()
    made = {}
    for name, crisis, due, children in (("normaal", False, 10, "no"), ("gezin", False, 10, "yes"),
                                        ("crisis", True, 2, "no")):
        case = Aanmelding(reference=new_reference(), submission_key=f"browser-{name}", municipality=groningen,
                          call_name=name.title(), crisis=crisis, crisis_kinds=["eviction"] if crisis else [],
                          children=children, consent_version=1, phone="+31612345678", channels=["phone"],
                          voicemail_ok=False, first_contact_due=today + timedelta(days=due),
                          legal_deadline=today + timedelta(days=28 if not crisis else 3))
        session.add(case)
        made[name] = case
    session.commit()
    references = {name: case.reference for name, case in made.items()}
    session.close()
    return references


def log_in(page, screenshot_name: str | None = None):
    page.goto("/werkplek/")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD, screenshot_name)


LIVE: dict = {}


def test_login_page(page):
    page.goto("/werkplek/inloggen")
    check_page(page, "staff-login")


def test_a_coordinator_handles_a_crisis_case(browser, live_server, groningen_cases):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server, locale="nl-NL")
    page = context.new_page()
    log_in(page, "staff-login-laptop")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtrij")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text(groningen_cases["crisis"])
    expect(first_row).to_contain_text("Crisis")
    expect(page.locator("tbody tr").nth(1)).to_contain_text(groningen_cases["gezin"])
    check_page(page, "staff-queue")

    first_row.get_by_role("link").click()
    expect(page.locator("section.attention")).to_contain_text("Geen voicemail inspreken!")
    check_page(page, "staff-case")
    page.get_by_role("button", name="Oppakken").click()
    expect(page.get_by_text("Opgepakt door Jelle Huizinga")).to_be_visible()

    page.get_by_label("Hoe?").select_option("call")
    page.get_by_label("Nee, niet bereikt").check()
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Contactpogingen: 1")).to_be_visible()
    page.get_by_label("Hoe?").select_option("call")
    page.get_by_label("Ja, gesproken").check()
    page.get_by_label("Notitie (mag leeg blijven)").fill("Afspraak gemaakt voor intake.")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("ol.timeline li").first).to_contain_text("gesproken")

    page.get_by_label("Nieuwe status").select_option("handed_over")
    page.get_by_label("Overdragen aan (bij overdragen)").select_option("Groningse Kredietbank (GKB)")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.locator("ol.timeline li").first).to_contain_text("Groningse Kredietbank (GKB)")
    check_page(page, "staff-case-handed-over")

    page.get_by_role("link", name="Cijfers").click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check_page(page, "staff-monitoring")
    context.close()


def test_an_assisted_sign_up(page, groningen_cases):
    log_in(page)
    page.get_by_role("link", name="Samen invullen").click()
    check_page(page, "staff-assist")
    page.get_by_role("button", name="Maak een code").click()
    expect(page.locator(".code")).to_have_text(__import__("re").compile(r"^[A-Z0-9]{3} [A-Z0-9]{3}$"))
    check_page(page, "staff-assist-code")
    page.get_by_role("button", name="Begin de aanmelding").click()
    from tests.browser.test_signup import walk_signup
    from tests.resident.signup_helpers import DEFAULT_STEPS

    walk_signup(page, "nl", "assisted", {**DEFAULT_STEPS, "postcode": {"postcode": "9712"}}, check=False)
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    reference = page.locator(".reference").inner_text()
    page.goto("/werkplek/")
    row = page.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Samen ingevuld")


def test_staff_pages_on_a_phone(page, groningen_cases):
    log_in(page, "staff-login-phone")
    check_page(page, "staff-queue-phone")
