import pytest

from tests.conftest import make_test_app, page


@pytest.mark.parametrize("lang,expected", [("nl", "Deze pagina bestaat niet"), ("en", "This page does not exist")])
def test_not_found_page_is_friendly_and_translated(client, lang, expected):
    response = client.get("/geen-pagina", headers={"Accept-Language": lang})
    assert response.status_code == 404
    soup = page(response)
    assert soup.h1.get_text(strip=True) == expected
    assert soup.select_one("main a[href='/']") is not None, "offers a way back to the start"


def test_an_unexpected_error_shows_a_calm_500_page_without_details(migrated_database, tmp_path):
    app = make_test_app(migrated_database, tmp_path)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Dat ligt niet aan u" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_too_large_body_is_refused_kindly(client):
    response = client.post("/uw-gemeente", data={"postcode": "x" * 200_000})
    assert response.status_code == 413
    assert "te lang" in response.get_data(as_text=True)
