"""What every browser test checks: axe-core finds nothing, nothing overflows, a screenshot to look at."""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
_axe = Axe()


def assert_accessible(page) -> None:
    """Runs every axe-core rule (WCAG 2.0/2.1/2.2 A and AA plus best practices) and fails on any violation."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px screen"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page, name: str) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    screenshot(page, name)


def staff_log_in(page, app, email: str, password: str, screenshot_name: str | None = None) -> None:
    """Both sign-in steps as a person takes them. A first login sets up the app, reading the key off the page."""
    from playwright.sync_api import expect
    from sqlalchemy import select

    from portal.db import utcnow
    from portal.models import StaffMember
    from portal.rules import totp
    from portal.services.staff_auth import issue_enrolment_code

    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    setting_up = page.get_by_role("heading", name="Inloggen met een app instellen").count() > 0
    if setting_up:
        expect(page.get_by_role("img", name="QR-code om de app in te stellen")).to_be_visible()
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Code uit de app")
    if screenshot_name:
        check_page(page, screenshot_name + ("-set-up" if setting_up else "-code"))
    with app.extensions["db_sessionmaker"]() as session:
        member = session.scalars(select(StaffMember).where(StaffMember.email == email)).one()
        key = re.sub(r"\s", "", page.locator(".secret").inner_text()) if setting_up else member.totp_secret
        member.totp_last_step = None  # as if the next half minute came: two logins in a row each get a fresh code
        session.commit()
        code = totp.code_at(key, totp.time_step(utcnow()))
        # What the administrator handed over, apart from the password.
        enrolment_code = issue_enrolment_code(session, member) if setting_up else None
    if enrolment_code:
        page.get_by_label("Inschrijfcode van de beheerder").fill(enrolment_code)
    page.get_by_label("Code uit de app (6 cijfers)").fill(code)
    page.get_by_role("button", name="Instellen en inloggen" if setting_up else "Inloggen").click()
