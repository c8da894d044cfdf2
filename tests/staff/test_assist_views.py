from sqlalchemy import select

from portal.models import Aanmelding
from tests.conftest import page
from tests.resident.signup_helpers import DEFAULT_STEPS, post_step, submit
from tests.staff_fixtures import csrf, log_in


def _walk_from(client, location):
    while location.startswith("/aanmelden/stap/"):
        slug = location.rsplit("/", 1)[1]
        location = post_step(client, slug, DEFAULT_STEPS[slug]).headers["Location"]
    return location


def test_staff_fill_in_together_on_their_laptop(client, staff, db_session):
    log_in(client, "regisseur")
    response = client.post("/werkplek/samen-invullen/hier",
                           data={"csrf_token": csrf(client, "/werkplek/samen-invullen")})
    assert _walk_from(client, response.headers["Location"]) == "/aanmelden/controleren"
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.channel == "assisted" and aanmelding.assisted_by_id == staff["regisseur"].id
    assert aanmelding.consent_version == 1


def test_a_one_time_code_links_the_clients_own_phone(app, client, staff, db_session):
    log_in(client, "regisseur")
    soup = page(client.post("/werkplek/samen-invullen/code",
                            data={"csrf_token": csrf(client, "/werkplek/samen-invullen")}))
    code = soup.select_one(".code").get_text(strip=True)

    phone = app.test_client()
    response = phone.post("/aanmelden/code", data={"csrf_token": csrf(phone, "/aanmelden/code"), "code": code})
    assert response.headers["Location"] == "/aanmelden?gekoppeld=1"
    start = phone.post("/aanmelden/start", data={"csrf_token": csrf(phone, "/aanmelden")})
    _walk_from(phone, start.headers["Location"])
    submit(phone)
    assert db_session.scalars(select(Aanmelding.assisted_by_id)).one() == staff["regisseur"].id

    again = app.test_client()
    soup = page(again.post("/aanmelden/code", data={"csrf_token": csrf(again, "/aanmelden/code"), "code": code}))
    assert "klopt niet of is verlopen" in soup.select_one("#code-error").get_text()


def test_guessing_the_code_is_rate_limited(app):
    phone = app.test_client()
    statuses = [phone.post("/aanmelden/code", data={"csrf_token": csrf(phone, "/aanmelden/code"),
                                                    "code": f"AAA {n:03d}"}).status_code for n in range(11)]
    assert statuses[-1] == 429 and 429 not in statuses[:10]
