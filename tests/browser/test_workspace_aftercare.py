"""After-care on a phone (360 px), as a coordinator goes through it: the after-care queue with a resident who asked
for a call on top, their after-care page with the check-in answer and a new early-warning signal, a call logged, and
the line on the case page. The queue also without JavaScript."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utcnow
from portal.domain.early_warning import Eindresultaat
from portal.models import StaffRole
from portal.services.staff import create_or_update_staff
from tests.aftercare_fixtures import make_traject, months_ago
from tests.browser.helpers import check_page, staff_log_in
from tests.early_warning_fixtures import Signal, make_household
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@lansingerland.aftercare-browser", "after-care browser test password"
LIVE: dict = {}


@pytest.fixture(scope="module")
def in_aftercare(live_app):
    LIVE["app"] = live_app
    with live_app.extensions["db_sessionmaker"]() as session:
        create_or_update_staff(session, email=EMAIL, name="Nina Nazorg", role=StaffRole.KETENREGISSEUR,
                               municipality_slug="lansingerland", password=PASSWORD)
        case = build_case(session, call_name="Fatima Nazorg", phone="0687650002")
        # Asked for a call a week ago: on top of the queue, whatever other modules left in the shared database.
        traject = make_traject(session, case, started_on=months_ago(1, days=5),
                               call_requested_at=utcnow() - timedelta(days=7), signal_at=utcnow())
        first = traject.moments[0]
        first.answered_at, first.done_on = utcnow() - timedelta(days=7), first.due_on
        first.money_now, first.new_bills, first.wants_call = "hard", True, True
        zaak = make_household(session, name="Fatima Nazorg", signals=[Signal("Energie", 240, "Eneco")])
        zaak.result, zaak.closed_at, zaak.nazorg_id = Eindresultaat.AL_BEKEND, utcnow(), traject.id
        later = make_traject(session, build_case(session, call_name="Ruben Later", phone="0687650003"))
        session.commit()
        return case.reference, traject.id, later.id


def test_queue_aftercare_page_call_logged_and_the_case_line(page, in_aftercare):
    reference, _traject_id, _ = in_aftercare
    page.goto("/werkplek/nazorg")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nazorg")
    first_row = page.get_by_role("row").nth(1)
    expect(first_row).to_contain_text(reference)
    expect(first_row).to_contain_text("Wil gebeld worden")
    expect(first_row).to_contain_text("Nieuw vroegsignaal")
    check_page(page, "workspace-aftercare-queue-phone")

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nazorg {reference}")
    expect(page.locator(".checkin-answers")).to_contain_text("Moeilijk")
    expect(page.locator("#signals-title").locator("..")).to_contain_text("Eneco")
    check_page(page, "workspace-aftercare-page-phone")

    form = page.locator("#contact")
    form.get_by_label("Hoe?").select_option(label="Gebeld")
    form.get_by_label("Ja, gesproken").check()
    form.get_by_label("Notitie (mag leeg blijven)").fill("Nieuwe energierekening; afspraak bij de balie.")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen: contactpoging ‘Gebeld’.")
    expect(page.locator("ol.attempts")).to_contain_text("Gebeld – gesproken")
    expect(page.locator("main")).not_to_contain_text("vroeg op")  # the call request is answered

    page.get_by_role("button", name="Signaal gezien").click()
    expect(page.get_by_role("status")).to_contain_text("vroegsignaal is gezien")

    page.get_by_role("link", name=f"Naar zaak {reference}").click()
    expect(page.locator(".aftercare-line")).to_contain_text("Nazorg: loopt, volgend contactmoment")
    expect(page.locator("ol.timeline")).to_contain_text("nazorg: Gebeld, gesproken")
    check_page(page, "workspace-aftercare-case-line-phone")


def test_the_aftercare_queue_works_without_javascript_at_360_px(page_without_js, in_aftercare):
    page = page_without_js
    page.goto("/werkplek/nazorg?toon=afgerond")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nazorg")
    page.get_by_role("link", name="Lopend").click()
    expect(page.locator("tbody")).to_contain_text("Ruben Later")
    check_page(page, "workspace-aftercare-queue-no-js-phone")
