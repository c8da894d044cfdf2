"""The coordinator's queue on a phone (360x740) and a laptop (1280): the first case on the first screen, the filters
behind a disclosure that works without JavaScript, the counts that filter, and the export."""

import csv
import io

import pytest
from playwright.sync_api import expect

from portal.models import StaffMember, StaffRole
from portal.rules.csv_safety import BYTE_ORDER_MARK
from portal.services import cases
from portal.services.staff import create_or_update_staff
from portal.staff.queue_export import COLUMNS, PERSONAL_COLUMNS
from tests.browser.conftest import PHONE
from tests.browser.helpers import SCREENSHOTS, check_page, screenshot, staff_log_in
from tests.staff_fixtures import build_case

EMAIL, PASSWORD = "regisseur@lansingerland.queue-browser", "queue browser test password"
LAPTOP = {"width": 1280, "height": 900}
LIVE: dict = {}
# Not the number other browser modules give their cases: the live database is shared by the whole session.
FATIMA_PHONE = "+31687654321"


@pytest.fixture(scope="module")
def lansingerland_queue(live_app):
    """A busy morning in Lansingerland: a crisis, late cases, families, an Arabic name; more than one page."""
    LIVE["app"] = live_app
    with live_app.extensions["db_sessionmaker"]() as session:
        create_or_update_staff(session, email=EMAIL, name="Sanne de Vries", role=StaffRole.KETENREGISSEUR,
                               municipality_slug="lansingerland", password=PASSWORD)
        # Crisis and long overdue, so it leads the queue whatever other browser modules left in the shared database.
        build_case(session, "lansingerland", call_name="Fatima", crisis=True, phone=FATIMA_PHONE, submitted_days_ago=45)
        build_case(session, "lansingerland", call_name="فاطمة", children="yes", submitted_days_ago=20)
        build_case(session, "lansingerland", call_name="Johan", submitted_days_ago=16)
        for number in range(cases.PAGE_SIZE):
            build_case(session, "lansingerland", call_name=f"Inwoner {number}", submitted_days_ago=number % 10)


def _log_in(page) -> None:
    page.goto("/werkplek/")
    staff_log_in(page, LIVE["app"], EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtrij")


def _counts() -> cases.QueueCounts:
    with LIVE["app"].extensions["db_sessionmaker"]() as session:
        member = session.query(StaffMember).filter_by(email=EMAIL).one()
        return cases.open_counts(session, member)


def _first_row_fits(page, height: int, name: str) -> None:
    """The whole first case row within the first screen; that screen is kept as a picture of its own (the others
    are of the full page)."""
    box = page.locator("tbody tr").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, \
        f"the first case row ends at y={box and box['y'] + box['height']}, below the {height} px screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-first-screen.png"))


def _new(browser, live_server, viewport, **options):
    context = browser.new_context(viewport=viewport, base_url=live_server, locale="nl-NL", **options)
    return context, context.new_page()


def test_on_a_phone_the_first_case_is_on_the_first_screen(page, lansingerland_queue):
    _log_in(page)
    _first_row_fits(page, PHONE["height"], "workspace-queue-phone")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Fatima")  # the crisis, first
    filters = page.locator("details.filters-disclosure")
    expect(filters.get_by_label("Status")).to_be_hidden()
    check_page(page, "workspace-queue-phone")

    page.get_by_text("Zoeken en filters", exact=True).click()
    expect(filters.get_by_label("Status")).to_be_visible()
    check_page(page, "workspace-queue-phone-filters-open")
    filters.get_by_label("Alleen crisis").check()
    filters.get_by_role("button", name="Toon").click()
    expect(page.get_by_text("Zoeken en filters (1 aan)")).to_be_visible()
    _first_row_fits(page, PHONE["height"], "workspace-queue-phone-crisis-filter")
    check_page(page, "workspace-queue-phone-crisis-filter")
    # No such case (closed, crisis, entrepreneur): the table scrolls sideways with no link in it.
    page.goto("/werkplek/?status=closed&group=entrepreneur&crisis=1")
    expect(page.get_by_text("Geen zaken met deze filters.")).to_be_visible()
    check_page(page, "workspace-queue-phone-empty")


def test_the_filters_open_and_close_without_javascript(browser, live_server, lansingerland_queue):
    context, page = _new(browser, live_server, PHONE, java_script_enabled=False)
    _log_in(page)
    filters = page.locator("details.filters-disclosure")
    status = filters.get_by_label("Status")
    expect(status).to_be_hidden()
    page.get_by_text("Zoeken en filters", exact=True).click()
    expect(status).to_be_visible()
    screenshot(page, "workspace-queue-phone-no-js-open")
    page.get_by_text("Zoeken en filters", exact=True).click()
    expect(status).to_be_hidden()
    page.get_by_text("Zoeken en filters", exact=True).click()
    filters.get_by_label("Alleen te laat (nog geen contact na de beloofde dag)").check()
    filters.get_by_role("button", name="Toon").click()
    expect(page.get_by_text("Zoeken en filters (1 aan)")).to_be_visible()
    _first_row_fits(page, PHONE["height"], "workspace-queue-phone-no-js-overdue")
    check_page(page, "workspace-queue-phone-no-js-overdue")
    context.close()


def test_the_counts_filter_the_queue(page, lansingerland_queue):
    _log_in(page)
    counts = _counts()
    assert counts.crisis >= 1 and counts.overdue >= 2
    page.get_by_role("link", name=f"{counts.crisis} in crisis").click()
    expect(page.get_by_text(f"{counts.crisis} zaken", exact=False).first).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(min(counts.crisis, cases.PAGE_SIZE))
    for row in rows.all():
        expect(row.locator(".badge.crisis")).to_have_count(1)
    page.get_by_role("link", name=f"{counts.overdue} te laat").click()
    expect(rows).to_have_count(min(counts.overdue, cases.PAGE_SIZE))
    for row in rows.all():
        expect(row.locator(".badge.past_promise, .badge.past_legal")).to_have_count(1)
    check_page(page, "workspace-queue-phone-overdue")


def test_the_export_downloads_the_filtered_queue(page, lansingerland_queue):
    _log_in(page)
    page.get_by_role("link", name="in crisis").click()
    export = page.locator("section.export")
    expect(export).to_contain_text("Zonder namen en contactgegevens")
    expect(export).to_contain_text("Elke export komt in het logboek")
    with page.expect_download() as plain:
        export.get_by_role("button", name="Download CSV").click()
    export.get_by_label("Met persoonsgegevens: roepnaam, telefoon en e-mail").check()
    with page.expect_download() as personal:
        export.get_by_role("button", name="Download CSV").click()
    plain_rows, personal_rows = (_read(download.value) for download in (plain, personal))
    assert plain_rows[0] == list(COLUMNS) and personal_rows[0] == list(COLUMNS + PERSONAL_COLUMNS)
    assert len(plain_rows) - 1 == _counts().crisis and all(row[4] == "yes" for row in plain_rows[1:])
    named = [row[len(COLUMNS):len(COLUMNS) + 2] for row in personal_rows[1:]]
    assert ["Fatima", "'" + FATIMA_PHONE] in named, "name and phone in the personal export, the phone neutralised"


def _read(download) -> list[list[str]]:
    assert download.suggested_filename.startswith("wachtrij-") and download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def test_on_a_laptop(browser, live_server, lansingerland_queue):
    context, page = _new(browser, live_server, LAPTOP)
    _log_in(page)
    _first_row_fits(page, LAPTOP["height"], "workspace-queue-laptop")
    expect(page.locator("tbody td[dir=auto]", has_text="فاطمة")).to_have_count(1)
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    check_page(page, "workspace-queue-laptop")
    page.get_by_text("Zoeken en filters", exact=True).click()
    check_page(page, "workspace-queue-laptop-filters-open")
    context.close()
