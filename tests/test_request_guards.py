"""Finding 12.9: hostile paths and query strings get a kind 400 or 404, never a 500 (portal/security.py,
portal/paging.py and the queue's filter links)."""

from __future__ import annotations

import pytest

from portal.security import safe_next
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.staff_fixtures import log_in

NOT_FOUND = "Deze pagina bestaat niet"
WORKSPACE_NOT_FOUND = "Deze pagina of zaak is er niet"  # inside /werkplek, with the workspace menu
UNREADABLE = "Dit ging niet goed"


def _kind(response, status: int, title: str) -> None:
    assert response.status_code == status, response.status_code
    assert page(response).h1.get_text(strip=True) == title


@pytest.fixture
def no_propagation(app):
    """As in production: an exception becomes the 500 page instead of failing the test run somewhere else."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("pagina", ["1" + "0" * 21, "9" * 400, "10001", "-1", "0", "abc", "1e3", "١"])
def test_a_page_number_out_of_bounds_in_the_audit_log_is_no_such_page(no_propagation, client, staff, pagina):
    """Finding 12.9: /werkplek/logboek?pagina=10^21 gave a 500 (an offset the database cannot hold)."""
    log_in(client, "beheerder")
    _kind(client.get(f"/werkplek/logboek?pagina={pagina}"), 404, WORKSPACE_NOT_FOUND)
    assert client.get("/werkplek/logboek?pagina=2").status_code == 200
    assert client.get("/werkplek/logboek?pagina=").status_code == 200


def test_the_queue_reads_its_page_number_with_the_same_bounds(no_propagation, client, staff):
    """Finding 12.9: every paginated view uses the one page-number reader (portal/paging.py)."""
    log_in(client, "regisseur")
    _kind(client.get("/werkplek/?pagina=" + "1" + "0" * 21), 404, WORKSPACE_NOT_FOUND)
    assert client.get("/werkplek/?pagina=3").status_code == 200, "a page past the end still shows the last page"


@pytest.mark.parametrize("query", ["_method=GET", "_method=POST", "_external=1", "_anchor=x", "_scheme=javascript",
                                   "status=open&_method=GET&pagina=1"])
def test_url_helpers_keywords_in_the_query_string_mean_nothing(no_propagation, client, staff, make_case, query):
    """Finding 12.9: /werkplek/?_method=GET gave a 500: the query string went into url_for as **request.args."""
    for _ in range(30):
        make_case()  # two pages, so the page links are built too
    log_in(client, "regisseur")
    response = client.get(f"/werkplek/?{query}")
    assert response.status_code == 200
    soup = page(response)
    links = [a["href"] for a in soup.select(".pager a")] + [soup.select("form[method=post]")[-1]["action"]]
    assert links and all(link.startswith("/werkplek/") and "_" not in link and "#" not in link for link in links)


def test_saving_a_filter_keeps_only_the_filter_keys(no_propagation, client, staff):
    """Finding 12.9: the redirect after saving a filter builds its URL from the known filter keys only."""
    log_in(client, "regisseur")
    response = client.post("/werkplek/filters?status=all&_method=GET&_anchor=x&pagina=2",
                           data={"csrf_token": ClientRequest(client).csrf_token(), "name": "Alles"})
    assert response.status_code == 302 and response.headers["Location"] == "/werkplek/?status=all"


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/%0d%0a", "/a\nb", "/\x00", "/\tx", "/\x7f"])
def test_safe_next_refuses_control_characters(app, target):
    """Finding 12.9: a CR/LF in a redirect target split the Location header (a 500)."""
    with app.test_request_context():
        expected = "/" if any(ord(c) < 32 or ord(c) == 127 for c in target) else target
        assert safe_next(target) == expected


def test_a_line_break_in_the_language_links_target_is_refused_kindly(no_propagation, client):
    """Finding 12.9: /taal/en?next=/%0d%0a... gave a 500."""
    response = client.get("/taal/en?next=/%0d%0aSet-Cookie:%20x=1")
    _kind(response, 400, UNREADABLE)
    assert all("\r" not in value and "\n" not in value for value in response.headers.values())
    assert client.get("/taal/en?next=/geldcheck").headers["Location"] == "/geldcheck"


@pytest.mark.parametrize("path", ["/via/ab%00cd", "/via/t/ab%00cd", "/aanmelden/stap/contact%00",
                                  "/geldcheck/vraag/group%00", "/aanmelden/verder/x%00y", "/taal/n%00l",
                                  "/static/css/portal.css%00", "/via/ab%0dcd"])
def test_a_nul_byte_in_a_path_is_no_such_page(no_propagation, client, municipalities, path):
    """Finding 12.9: /via/ab%00cd gave a 500 on PostgreSQL (a NUL byte cannot be in a query's text)."""
    _kind(client.get(path), 404, NOT_FOUND)


@pytest.mark.parametrize("query", ["next=%00", "verlopen=1%00", "status=open%00", "x%00=1", "reference=%1b[31m"])
def test_a_control_character_in_the_query_string_is_refused(no_propagation, client, query):
    """Finding 12.9: the same guard refuses NUL and other control characters in any query value or key."""
    _kind(client.get(f"/geldcheck?{query}"), 400, UNREADABLE)


@pytest.mark.parametrize("path", ["/werkplek/zaak/{}", "/werkplek/vragen/{}", "/werkplek/zaak/{}/notitie",
                                  "/werkplek/vroegsignalen/{}", "/werkplek/vroegsignalen/{}/afsluiten"])
def test_a_huge_id_in_a_path_is_no_such_page(no_propagation, client, staff, make_case, path):
    """Finding 12.9: an id beyond PostgreSQL's integer column is a 404 from the URL map, not an overflow."""
    log_in(client, "regisseur")
    huge = "9" * 30
    posted = path.endswith(("notitie", "afsluiten"))
    response = client.post(path.format(huge)) if posted else client.get(path.format(huge))
    _kind(response, 404, WORKSPACE_NOT_FOUND)
    assert client.get(f"/werkplek/zaak/{make_case().id}").status_code == 200
