"""The council report as a coordinator makes it for the council letter: choose the year, read, download the PDF."""

from datetime import date, datetime, time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.db import utcnow
from portal.models import Klantervaring, Municipality, StaffRole
from portal.rules import deadlines
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import check_page, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "verslag@lochem.browser", "browser test password"
YEAR = deadlines.local_date(utcnow()).year - 1


@pytest.fixture(scope="module")
def lochem_year(live_app):
    """Last year in Lochem: four sign-ups (one through the bank app), one closed without contact, twelve marks."""
    session = live_app.extensions["db_sessionmaker"]()
    member = create_or_update_staff(session, email=EMAIL, name="Iris Verslag", role=StaffRole.KETENREGISSEUR,
                                    municipality_slug="lochem", password=PASSWORD)
    session.commit()
    at = datetime.combine(date(YEAR, 5, 4), time(10), deadlines.AMSTERDAM)
    build_case(session, "lochem", submitted_at=at, source="lochem-bank")
    build_case(session, "lochem", submitted_at=at, group="youth", assisted_by=member.id)
    build_case(session, "lochem", submitted_at=at, closed_reason="no_contact",
               closed_at=datetime.combine(date(YEAR, 6, 1), time(10), deadlines.AMSTERDAM))
    build_case(session, "lochem", submitted_at=at, group="entrepreneur")
    town = session.scalars(select(Municipality).where(Municipality.slug == "lochem")).one()
    session.add_all(Klantervaring(municipality_id=town.id, month=f"{YEAR}-05", channel="self", route="helped",
                                  mark=8) for _ in range(12))
    session.commit()
    session.close()
    return live_app


@pytest.mark.parametrize(("width", "height", "name"), [(360, 740, "phone"), (1280, 900, "laptop")])
def test_a_coordinator_reads_the_year_and_downloads_it_as_pdf(browser, live_server, lochem_year, width, height,
                                                              name):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server, locale="nl-NL",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto("/werkplek/")
    staff_log_in(page, lochem_year, EMAIL, PASSWORD)
    page.get_by_role("link", name="Cijfers").click()
    page.get_by_role("link", name="Verslag voor de raad").click()
    page.get_by_label("Jaar").select_option(str(YEAR))
    page.get_by_role("button", name="Toon verslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verslag voor de raad: {YEAR}")
    signups = page.locator("section", has=page.get_by_role("heading", name="Aanmeldingen", exact=True))
    expect(signups).to_contain_text(f"In {YEAR} meldden 4 inwoners zich aan. 1 van hen kwam via de bank-app.")
    channels = page.get_by_role("figure", name="Aanmeldingen per kanaal")
    expect(channels.get_by_role("img", name="Aanmeldingen per kanaal")).to_be_visible()
    expect(channels.get_by_role("table")).to_contain_text("Via de bank-app")
    expect(page.get_by_role("table", name="Gemiddeld rapportcijfer per kwartaal")).to_contain_text(f"{YEAR}-K2")
    check_page(page, f"staff-council-report-{name}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF (om te printen)").click()
    assert download.value.suggested_filename == f"verslag-{YEAR}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto("/werkplek/cijfers/verslag?jaar=1850")
    expect(page.locator(".error")).to_contain_text("Kies een jaar uit de lijst")
    context.close()
