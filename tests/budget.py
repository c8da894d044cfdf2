"""The first-round-trip budget: a resident page's HTML plus its CSS, gzip-compressed, within 14 KB."""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts.resident_walk import BUDGET_BYTES, page_weight  # noqa: F401  (the tests import them from here)


def external_resources(html: str) -> list[str]:
    """Scripts, styles, images and fonts must come from this site: no CDN, no tracker."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            value = element.get(attr, "")
            if value.startswith(("http:", "https:", "//")):
                found.append(value)
    return found
