"""A coordinator's day on a laptop-sized and a phone-sized screen, with axe-core on every staff page."""

import pytest
from playwright.sync_api import expect

from portal.models import StaffRole
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@groningen.browser", "browser test password"


@pytest.fixture(scope="module")
def groningen_cases(live_app):
    """Three Groningen sign-ups made through the sign-up service, so their deadlines come from the rules."""
    session = live_app.extensions["db_sessionmaker"]()
    LIVE["app"] = live_app
    create_or_update_staff(session, email=EMAIL, name="Jelle Huizinga", role=StaffRole.KETENREGISSEUR,
                           municipality_slug="groningen", password=PASSWORD)
    # Each its own phone number: one number twice would badge the cases "Mogelijk dubbel", linking to each other.
    made = {name: build_case(session, "groningen", call_name=name.title(), crisis=crisis, children=children,
                             phone=phone, answers={"bereikbaarheid": {"voicemail": "no"}})
            for name, crisis, children, phone in (("normaal", False, "no", "+31611111111"),
                                                  ("gezin", False, "yes", "+31622222222"),
                                                  ("crisis", True, "no", "+31633333333"))}
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

    page.get_by_label("Aan welke partner?").select_option(label="Groningse Kredietbank (GKB)")
    page.get_by_label("Waarom deze partner?").fill("Meerdere schuldeisers; wil een regeling.")
    page.get_by_role("button", name="Overdragen", exact=True).click()
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


def test_a_saved_filter_is_deleted_with_its_own_button(page, groningen_cases):
    """A plain form per filter (no script involved); the workspace is in Dutch and English, so in English too."""
    log_in(page)
    page.goto("/werkplek/?crisis=1")
    page.get_by_label("Naam van dit filter").fill("Alleen crisis")
    page.get_by_role("button", name="Filter opslaan").click()
    filters = page.locator("details.filters-disclosure summary")  # saved filters are behind it, with the fields
    filters.click()
    expect(page.get_by_role("link", name="Alleen crisis")).to_be_visible()
    check_page(page, "staff-queue-saved-filter")
    page.goto("/taal/en")
    page.goto("/werkplek/")
    filters.click()
    expect(page.get_by_role("button", name="Delete filter Alleen crisis")).to_be_visible()
    check_page(page, "staff-queue-saved-filter-en")
    page.goto("/taal/nl")
    page.goto("/werkplek/")
    filters.click()
    page.get_by_role("button", name="Filter Alleen crisis verwijderen").click()
    expect(page.get_by_role("link", name="Alleen crisis")).to_have_count(0)


def test_a_note_typed_when_the_session_ran_out_is_there_after_logging_in_again(page, groningen_cases):
    from sqlalchemy import update

    from portal.db import utcnow
    from portal.models import StaffSession
    from portal.services.staff_sessions import IDLE_LIMIT

    log_in(page)
    page.locator("tbody tr", has_text=groningen_cases["normaal"]).get_by_role("link").click()
    case_url = page.url
    page.get_by_label("Notitie", exact=True).fill("Mevrouw belt terug na haar werk, rond vijf uur.")
    with LIVE["app"].extensions["db_sessionmaker"]() as session:  # the coordinator was away longer than allowed
        session.execute(update(StaffSession).values(last_seen_at=utcnow() - IDLE_LIMIT * 2))
        session.commit()
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_text("Wat u had getypt is bewaard.")).to_be_visible()
    check_page(page, "staff-login-text-kept")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    assert page.url.split("#")[0] == case_url.split("#")[0]
    expect(page.get_by_label("Notitie", exact=True)).to_have_value("Mevrouw belt terug na haar werk, rond vijf uur.")
    check_page(page, "staff-case-text-kept")
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.locator("ol.timeline li").first).to_contain_text("rond vijf uur")
