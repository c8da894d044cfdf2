"""Vroegsignalen importeren in the browser, without JavaScript on a 360 px phone: a bad file's problems by line, then
the demo file and its summary."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.models import StaffRole
from tests.browser.helpers import check_page, enrolled_staff, remember_documents, staff_log_in

COORDINATOR, PASSWORD = "regisseur@signals.browser", "browser test password"
DEMO = Path(__file__).resolve().parents[2] / "demo" / "signals" / "lansingerland.csv"


@pytest.fixture(scope="module")
def coordinator(live_app):
    enrolled_staff(live_app, COORDINATOR, "Noor Bakker", StaffRole.KETENREGISSEUR, PASSWORD)
    return live_app


@pytest.mark.parametrize("javascript", [False, True])
def test_a_coordinator_uploads_a_bad_file_then_the_demo_file(browser, live_server, coordinator, tmp_path,
                                                              javascript):
    bad = tmp_path / "signalen.csv"
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(";2652 ", ";26520 ").replace(";2651 ", ";26510 ")  # a malformed postcode, line 4
    bad.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL",
                                  java_script_enabled=javascript)
    page = context.new_page()
    remember_documents(page)
    page.goto("/werkplek/inloggen")
    staff_log_in(page, coordinator, COORDINATOR, PASSWORD)
    page.get_by_role("link", name="Signalen importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vroegsignalen importeren")
    suffix = "js" if javascript else "no-js"
    check_page(page, f"staff-signals-import-{suffix}")

    page.get_by_label("Bestand met signalen (CSV of JSON)").set_input_files(str(bad))
    page.get_by_role("button", name="Inlezen").click()
    problems = page.locator(".file-problems li")
    expect(problems.first).to_contain_text("Regel 4, kolom postcode: Een postcode is 4 cijfers en 2 letters")
    expect(page.locator("main")).to_contain_text("Er is niets opgeslagen.")
    check_page(page, f"staff-signals-import-problems-{suffix}")

    page.get_by_label("Bestand met signalen (CSV of JSON)").set_input_files(str(DEMO))
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("status")).to_contain_text("Ingelezen:")
    expect(page.get_by_role("status")).to_contain_text("al bekend")
    check_page(page, f"staff-signals-import-done-{suffix}")
    context.close()
