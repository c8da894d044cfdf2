"""Walk the sign-up like a resident does, with sensible answers that a test can change."""

from urllib.parse import parse_qsl

from scripts.resident_walk import DEFAULT_STEPS
from tests.client_request import ClientRequest
from tests.conftest import page


def start_signup(client):
    return ClientRequest(client).open("POST", "resident.start_signup")


def post_step(client, slug: str, data: dict, query: str = ""):
    """`query` as the page's form action has it, e.g. "?terug=controleren"."""
    return ClientRequest(client).open("POST", "resident.fill_signup_step", slug=slug, _data=data,
                                      **dict(parse_qsl(query.lstrip("?"))))


def fill_steps(client, changes: dict | None = None, stop_before: str | None = None) -> str:
    """Answers every step in order; returns where the last answer led."""
    steps = {slug: {**data, **(changes or {}).get(slug, {})} for slug, data in DEFAULT_STEPS.items()}
    location = start_signup(client).headers["Location"]
    while location.startswith("/aanmelden/stap/"):
        slug = location.rsplit("/", 1)[1]
        if slug == stop_before:
            return location
        response = post_step(client, slug, steps[slug])
        assert response.status_code == 302, (slug, page(response).select(".error"))
        location = response.headers["Location"]
    return location


def submit(client, **extra):
    return ClientRequest(client).open("POST", "resident.check_signup", _data=extra)
