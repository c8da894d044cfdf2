from tests.conftest import make_test_app


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_robots_txt_keeps_the_workspace_and_personal_links_out_of_search_engines(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /werkplek/", "Disallow: /via/t/", "Disallow: /aanmelden/verder/"} <= set(lines)
    assert "Disallow: /" not in lines  # the public pages stay findable


def test_the_icon_is_tiny_and_cached_for_a_year(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/x-icon"
    assert len(response.data) < 1024 and response.data[:4] == b"\0\0\1\0"
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.public
    assert not response.cache_control.no_store
    # Pages themselves are still never cached (shared phones).
    assert client.get("/").cache_control.no_store

