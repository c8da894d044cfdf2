import pytest

from portal.security import safe_next


def test_every_page_sends_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_session_cookie_is_httponly_and_lax(client, municipalities):
    from tests.client_request import ClientRequest

    response = ClientRequest(client).open("POST", "resident.find_municipality", _data={"postcode": "2651"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_redirect_targets_stay_on_this_site(target):
    assert safe_next(target) == "/"


def test_a_local_path_is_kept():
    assert safe_next("/uw-gemeente?x=1") == "/uw-gemeente?x=1"


def test_a_form_without_csrf_token_gets_a_kind_page(client):
    response = client.post("/uw-gemeente", data={"postcode": "2651"})
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
