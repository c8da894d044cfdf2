"""The monitoring page as a coordinator reads it, on a phone (360 px) and a laptop (1280 px)."""

from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.db import utcnow
from portal.domain.early_warning import Approach, Contactsoort, Dagdeel, Eindresultaat, SignaalpartnerType
from portal.models import Municipality, SelfTestCount, StaffRole
from portal.rules import deadlines
from portal.services.staff import create_or_update_staff
from tests.browser.helpers import SCREENSHOTS, check_page, staff_log_in
from tests.early_warning_report_fixtures import make_zaak
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "cijfers@lochem.browser", "browser test password"


@pytest.fixture(scope="module")
def lochem_figures(live_app):
    """Sign-ups on every channel and deadline state, and a money check, so every part of the page has rows."""
    session = live_app.extensions["db_sessionmaker"]()
    member = create_or_update_staff(session, email=EMAIL, name="Sanne Wolters", role=StaffRole.KETENREGISSEUR,
                                    municipality_slug="lochem", password=PASSWORD)
    session.commit()
    in_time = build_case(session, "lochem", submitted_days_ago=20, source="lochem-bank")
    in_time.first_contact_at = datetime.combine(deadlines.local_date(in_time.submitted_at) + timedelta(days=1),
                                                time(12), deadlines.AMSTERDAM)
    build_case(session, "lochem", submitted_days_ago=20, group="entrepreneur", assisted_by=member.id)
    build_case(session, "lochem", submitted_days_ago=40, group="youth", crisis=True)
    build_case(session, "lochem", submitted_days_ago=1, source="anonymous-advice")
    session.add(SelfTestCount(day=deadlines.local_date(utcnow()), municipality="lochem", source="lochem-bank",
                              group="entrepreneur+youth", route="debt_help", crisis=False, questionnaire_version=1,
                              count=4))
    town = session.scalars(select(Municipality).where(Municipality.slug == "lochem")).one()
    town.inhabitants = 34_000
    session.commit()
    last_month = deadlines.local_date(utcnow()).replace(day=1) - timedelta(days=1)
    make_zaak(session, town, signalled_on=last_month, result=Eindresultaat.VERVOLGHULP_FINANCIEEL,
              closed_at=utcnow(), contacts=[(Contactsoort.TELEFOON, True, last_month, Dagdeel.OCHTEND)])
    make_zaak(session, town, approach=Approach.CALL_VISIT, signalled_on=last_month,
              signals=[{"partner_type": SignaalpartnerType.ENERGIE}, {"partner_type": SignaalpartnerType.ZORG}])
    session.close()
    return live_app


@pytest.mark.parametrize(("width", "height", "name"), [(360, 740, "phone"), (1280, 900, "laptop")])
def test_a_coordinator_reads_the_figures(browser, live_server, lochem_figures, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server, locale="nl-NL")
    page = context.new_page()
    page.goto("/werkplek/")
    staff_log_in(page, lochem_figures, EMAIL, PASSWORD)
    page.get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cijfers van de laatste 12 weken")
    expect(page.get_by_role("heading", name="Binnen de belofte")).to_be_visible()
    expect(page.get_by_role("heading", name="Binnen de wettelijke termijn")).to_be_visible()
    promise = page.locator("section", has=page.get_by_role("heading", name="Binnen de belofte"))
    expect(promise).to_contain_text("zaken waarvan de beloofde datum voorbij is of die al contact hadden")
    sources = page.get_by_role("table", name="Aanmeldingen per bron")
    expect(sources).to_contain_text("Bank (app, rood staan), klanten in Lochem")
    expect(sources).not_to_contain_text("lochem-bank")
    expect(page.get_by_role("table", name="Geldchecks per groep")).to_contain_text("Ondernemer + Jongere")
    check_page(page, f"staff-monitoring-{name}")
    early_warning = page.locator("section", has=page.get_by_role("heading", name="Vroegsignalering", exact=True))
    partners = page.get_by_role("table", name="Vroegsignalering per soort signaalpartner")
    expect(partners).to_contain_text("Energiebedrijf")
    expect(early_warning).to_contain_text("50% bereikt: 1 van 2 huishoudens")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    early_warning.screenshot(path=SCREENSHOTS / f"staff-monitoring-early-warning-{name}.png")

    page.get_by_label("Tabel").select_option("kanalen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als CSV").click()
    assert download.value.suggested_filename.startswith("cijfers-kanalen-")
    header = open(download.value.path(), encoding="utf-8").readline().strip()
    assert header == '\ufeff"week";"channel";"label";"count"', "one table, as Dutch Excel opens it"
    context.close()
