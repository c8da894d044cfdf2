"""What every browser test checks: valid HTML, axe-core finds nothing, nothing overflows, a screenshot to look at."""

from __future__ import annotations

import json
import re
import urllib.request
import weakref
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
_axe = Axe()

# Set by the session fixture html_checker in conftest.py: the checker's URL, or why it is missing.
HTML_CHECKER: dict[str, str | None] = {"url": None, "missing": None}
_documents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def remember_documents(page) -> None:
    """Keeps the last HTML document the server sent to this page, for checking the server's HTML of no-JS states."""
    def keep(response):
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            _documents[page] = response
    page.on("response", keep)


def _scripting_enabled(page) -> bool:
    # The HTML parser reads <noscript> content as text only when scripting is on; evaluate() itself runs either way.
    return page.evaluate("() => { const n = document.createElement('noscript'); n.innerHTML = '<i></i>';"
                         " return n.childElementCount === 0; }")


def page_html(page) -> tuple[str, str]:
    """What to check: the server's HTML when JavaScript is off (that is what the browser got), else the DOM as the
    scripts left it (page.content()), since that is the page state a person sees."""
    response = _documents.get(page)
    if not _scripting_enabled(page) and response is not None and response.url == page.url:
        try:
            return response.body().decode("utf-8"), "the server's HTML"
        except Exception:  # noqa: BLE001 - a body the browser no longer keeps: fall back to the DOM
            pass
    return page.content(), "the DOM"


def html_errors(html: str) -> list[dict]:
    request = urllib.request.Request(HTML_CHECKER["url"], data=html.encode("utf-8"),
                                     headers={"Content-Type": "text/html; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        messages = json.load(answer)["messages"]
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


def assert_valid_html(page) -> None:
    """Posts the page state to the Nu Html Checker and fails on any error, with the checker's messages."""
    if not HTML_CHECKER["url"]:
        return  # only outside CI, where the fixture found no Java or vnu.jar (test_html_checker_runs says so)
    html, what = page_html(page)
    errors = html_errors(html)
    assert not errors, f"{page.url} ({what}) is not valid HTML:\n" + "\n".join(
        f"  line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}" for m in errors)


def assert_accessible(page) -> None:
    """Runs every axe-core rule (WCAG 2.0/2.1/2.2 A and AA plus best practices) and fails on any violation."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px screen"


def screenshot(page, name: str) -> Path:
    """Every page state a test looks at is also checked for valid HTML."""
    assert_valid_html(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page, name: str) -> None:
    """Valid HTML, axe (only with JavaScript on: axe-core needs the page's timers), no overflow, a screenshot."""
    if _scripting_enabled(page):
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
    # Wait for the next page first: counting headings straight after the click can still see the login page.
    next_step = re.compile("Inloggen met een app instellen|Code uit de app")
    expect(page.get_by_role("heading", level=1)).to_have_text(next_step)
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


def enrolled_staff(app, email: str, name: str, role, password: str, *, partner: str | None = None,
                   municipality: str = "lansingerland") -> None:
    """An account as it is after its first login: with an authenticator app set up (staff_log_in reads its code)."""
    from portal.rules import totp
    from portal.services.staff import create_or_update_staff

    session = app.extensions["db_sessionmaker"]()
    member = create_or_update_staff(session, email=email, name=name, role=role, municipality_slug=municipality,
                                    password=password, partner_name=partner)
    member.totp_secret, member.totp_confirmed = totp.new_secret(), True
    session.commit()
    session.close()
