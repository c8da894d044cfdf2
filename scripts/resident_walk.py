"""What scripts/page_weights.py shares with the tests: the page budget, sensible answers, and a walk through the forms.

Lives outside tests/ so that a script never imports a test module; the tests import their answers and budget from here.
"""

from __future__ import annotations

import gzip

from bs4 import BeautifulSoup

BUDGET_BYTES = 14 * 1024

# Money-check answers of someone without a crisis; a test or a walk changes the ones it is about.
CALM = {
    "group": "none", "crisis": ["none"], "fixed_costs": "always", "bills_behind": ["none"], "collectors": "no",
    "duration": "short", "overview": "yes", "weight": "little", "children": "no", "income": "job",
    "life_event": ["none"], "helpers": "family", "postcode": "",
}

# Sign-up answers per step slug, sensible enough to reach the confirmation page.
DEFAULT_STEPS = {
    "postcode": {"postcode": "2651 AB"},
    "geldcheck": {"carry": "yes"},
    "situatie": {"topics": ["rent", "energy"], "own_words": "Ik heb een brief van de verhuurder.", "group": "none"},
    "dringend": {"urgent": ["none"], "eviction_date": "", "cutoff_date": ""},
    "kinderen": {"children": "yes"},
    "contact": {"call_name": "Sam", "channels": ["phone", "whatsapp"], "phone": "06 12345678", "email": "",
                "postal_address": ""},
    "bereikbaarheid": {"best_times": ["morning"], "voicemail": "no", "say_municipality": "yes", "language": "nl",
                       "interpreter": "no"},
    "toestemming": {"consent": "y"},
}


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


def send_form(client, path: str, data: dict, form_page: str | None = None) -> str:
    """Posts `data` with the CSRF token of the form on `form_page` (default `path`); returns where it led."""
    soup = BeautifulSoup(client.get(form_page or path).get_data(as_text=True), "html.parser")
    response = client.post(path, data={"csrf_token": soup.select_one('input[name="csrf_token"]')["value"], **data})
    if response.status_code != 302:
        raise RuntimeError(f"{path} answered {response.status_code} instead of moving on")
    return response.headers["Location"]


def follow_forms(client, location: str, prefix: str, answers_for) -> str:
    """Answers each page below `prefix` with answers_for(its last path part) until the answers lead elsewhere."""
    while location.startswith(prefix):
        path = location.split("?")[0]
        location = send_form(client, path, answers_for(path.rsplit("/", 1)[1]))
    return location
