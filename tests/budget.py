"""The first-round-trip budget: a resident page's HTML plus its CSS, gzip-compressed, within 14 KB."""

from __future__ import annotations

import gzip

from bs4 import BeautifulSoup

BUDGET_BYTES = 14 * 1024


def page_weight(client, path: str, response=None, status: int = 200) -> dict:
    response = response or client.get(path)
    assert response.status_code == status, f"{path} answered {response.status_code}, not a page to weigh"
    html = response.get_data()
    soup = BeautifulSoup(html, "html.parser")
    css = b""
    for link in soup.select('link[rel="stylesheet"]'):
        css += client.get(link["href"]).get_data()
    return {
        "path": path,
        "html_gzip": len(gzip.compress(html, 9)),
        "css_gzip": len(gzip.compress(css, 9)) if css else 0,
    }


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
