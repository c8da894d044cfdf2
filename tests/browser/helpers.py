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
