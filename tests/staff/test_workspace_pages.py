"""No dead ends in the workspace: each role lands on its own start page, sees only what it may open, and a 403 or 404
is a workspace page with its menu. And the resident's consent to share, asked in the sign-up."""

from sqlalchemy import select

from portal.models import Aanmelding
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.resident.signup_helpers import fill_steps, post_step, submit
from tests.staff_fixtures import log_in


def test_each_role_lands_on_its_own_start_page(app, staff):
    for who, start in (("partner", "/werkplek/start"), ("regisseur", "/werkplek/")):
        assert log_in(app.test_client(), who).headers["Location"] == start


def test_the_menu_shows_per_role_only_what_it_may_open(app, staff):
    for who in ("partner", "regisseur", "beheerder"):
        client = app.test_client()
        log_in(client, who)
        links = [a["href"] for a in ClientRequest(client).get("staff.show_assist").select("nav.staff-nav a")]
        assert links, who
        for href in links:
            assert client.get(href).status_code == 200, f"{who} is offered {href}, which does not open"


def test_a_403_in_the_workspace_is_a_workspace_page_with_the_way_to_the_start_page(client, staff):
    log_in(client, "partner")
    response = client.get("/werkplek/")
    assert response.status_code == 403
    shown = page(response)
    assert shown.select("nav.staff-nav") and "Deze pagina is niet voor uw account" in shown.h1.get_text()
    assert shown.select_one("main a.button")["href"] == "/werkplek/start"
    assert "Bel ons" not in shown.get_text()


def test_a_404_in_the_workspace_is_a_workspace_page_too(client, staff):
    log_in(client, "regisseur")
    for path in ("/werkplek/zaak/999999", "/werkplek/bestaat-niet"):
        response = client.get(path)
        assert response.status_code == 404
        shown = page(response)
        assert shown.select("nav.staff-nav"), path
        assert shown.select_one("main a.button")["href"] == "/werkplek/"


def test_resident_error_pages_stay_as_they_were(client, staff):
    log_in(client, "regisseur")
    shown = page(client.get("/bestaat-niet"))
    assert not shown.select("nav.staff-nav") and "Deze pagina bestaat niet" in shown.h1.get_text()
    anonymous = page(client.application.test_client().get("/werkplek/bestaat-niet"))
    assert not anonymous.select("nav.staff-nav"), "nobody signed in: no workspace menu"


def test_the_sign_up_asks_whether_details_may_go_to_the_helping_organisation(client, municipalities, db_session):
    location = fill_steps(client, stop_before="toestemming")
    question = page(client.get(location)).select_one("fieldset legend").get_text()
    assert "Mogen wij uw gegevens doorgeven aan de organisatie die u gaat helpen?" in question
    assert post_step(client, "toestemming", {"consent": "y", "share": "contact"}).status_code == 302
    submit(client)
    assert db_session.scalars(select(Aanmelding.share_consent)).one() == "contact"
