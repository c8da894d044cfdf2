"""Issue 16 on the staff side, on a phone (360 px) with JavaScript off: an appointment planned (after a refused
first try that keeps what was typed), the next appointment on top, and "We probeerden u te bellen" pressed; then the
same page with JavaScript on for axe."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utcnow
from portal.models import StaffRole
from portal.rules.deadlines import local_date
from portal.services.staff import create_or_update_staff
from tests.browser import helpers
from tests.browser.helpers import check_page, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@groningen.berichten", "browser test password for case messages"


@pytest.fixture(scope="module")
def case_id(live_app):
    session = live_app.extensions["db_sessionmaker"]()
    create_or_update_staff(session, email=EMAIL, name="Sanne de Vries", role=StaffRole.KETENREGISSEUR,
                           municipality_slug="groningen", password=PASSWORD)
    case = build_case(session, "groningen", call_name="Berichten Test", phone="+31687654321",
                      channels=["phone", "sms"])
    session.close()
    return case.id


def _phone(browser, live_server, *, javascript: bool):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL",
                                  java_script_enabled=javascript)
    page = context.new_page()
    helpers.remember_documents(page)
    page.set_default_timeout(10_000)
    return context, page


def test_plan_an_appointment_and_send_we_tried_to_call_without_javascript(browser, live_server, live_app, case_id):
    context, page = _phone(browser, live_server, javascript=False)
    page.goto(f"/werkplek/zaak/{case_id}")
    staff_log_in(page, live_app, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zaak ")
    check_page(page, "workspace-case-messages-360-nojs")

    day = local_date(utcnow()) + timedelta(days=3)
    page.get_by_label("Datum", exact=True).fill(day.isoformat())
    page.get_by_role("radio", name="Op een plek").check()
    page.get_by_label("Plek (bij een afspraak op een plek)").fill("Gedempte Zuiderdiep 98, kamer 2")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.locator("#time-error")).to_contain_text("Vul de tijd in, bijvoorbeeld 14:30.")
    expect(page.get_by_label("Plek (bij een afspraak op een plek)")).to_have_value("Gedempte Zuiderdiep 98, kamer 2")
    expect(page.get_by_label("Datum", exact=True)).to_have_value(day.isoformat())
    check_page(page, "workspace-case-appointment-error-360-nojs")

    page.get_by_label("Tijd", exact=True).fill("14:30")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Opgeslagen: afspraak op")
    expect(page.locator(".next-appointment")).to_contain_text("14:30, Gedempte Zuiderdiep 98, kamer 2")
    expect(page.locator(".timeline")).to_contain_text("Sms: Herinnering aan de afspraak – Wacht op verzenden")
    check_page(page, "workspace-case-appointment-planned-360-nojs")

    page.get_by_role("button", name="We probeerden u te bellen").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen: contactpoging ‘Sms gestuurd’")
    expect(page.locator("#niet-bereikt")).to_contain_text("Vandaag al gestuurd")
    expect(page.locator(".timeline")).to_contain_text("Sms: We probeerden u te bellen – Wacht op verzenden")
    check_page(page, "workspace-case-tried-to-call-360-nojs")
    context.close()

    context, page = _phone(browser, live_server, javascript=True)
    page.goto(f"/werkplek/zaak/{case_id}")
    staff_log_in(page, live_app, EMAIL, PASSWORD)
    expect(page.locator(".next-appointment")).to_be_visible()
    check_page(page, "workspace-case-messages-360")  # axe runs with JavaScript on
    context.close()
