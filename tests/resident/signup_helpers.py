"""Walk the sign-up like a resident does, with sensible answers that a test can change."""

from scripts.resident_walk import DEFAULT_STEPS
from tests.conftest import csrf_token, page

token = csrf_token  # the name the sign-up tests read best with


def start_signup(client):
    return client.post("/aanmelden/start", data={"csrf_token": token(client, "/aanmelden")})


def post_step(client, slug: str, data: dict, query: str = ""):
    path = f"/aanmelden/stap/{slug}{query}"
    return client.post(path, data={"csrf_token": token(client, path), **data})


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
    return client.post("/aanmelden/controleren", data={"csrf_token": token(client, "/aanmelden/controleren"),
                                                       **extra})
