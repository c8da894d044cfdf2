"""CSRF tokens are masked afresh on every page (portal/csrf_masking.py), so compressed pages cannot leak them."""

import string

from hypothesis import given
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer

from portal.csrf_masking import mask, unmask
from tests.client_request import CSRF_SALT, CSRF_SESSION_KEY
from tests.conftest import page
from tests.staff_fixtures import log_in


def tokens_on(response) -> list[str]:
    return [field["value"] for field in page(response).select("input[name=csrf_token]")]


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_.", min_size=1, max_size=200))
def test_unmasking_gives_the_token_back(token):
    assert unmask(mask(token)) == token


def test_the_same_token_looks_different_each_time():
    token = "IjhmN2Q.Zm9v.YmFy"
    assert len({mask(token) for _ in range(50)}) == 50


def test_anything_else_unmasks_to_nothing():
    for sent in ("", "abc", "a.b.c", "%%%", "x" * 2000, "AAEC", "gA"):  # "gA" is one byte, "AAEC" an odd length
        assert unmask(sent) is None


def test_two_visits_show_different_tokens_and_both_are_accepted(client, municipalities):
    first, second = tokens_on(client.get("/uw-gemeente")), tokens_on(client.get("/uw-gemeente"))
    assert first and second and first[0] != second[0]
    for token in (first[0], second[0]):
        response = client.post("/uw-gemeente", data={"csrf_token": token, "postcode": "2651"})
        assert response.status_code == 302


def test_the_bare_signed_token_is_refused_kindly(client, app, municipalities):
    client.get("/uw-gemeente")
    with client.session_transaction() as session:
        raw = session[CSRF_SESSION_KEY]
    bare = URLSafeTimedSerializer(app.secret_key, salt=CSRF_SALT).dumps(raw)
    response = client.post("/uw-gemeente", data={"csrf_token": bare, "postcode": "2651"})
    assert response.status_code == 400 and "verlopen" in response.get_data(as_text=True)


def test_a_masked_token_of_another_session_is_refused(app, municipalities):
    other = app.test_client()
    token = tokens_on(other.get("/uw-gemeente"))[0]
    response = app.test_client().post("/uw-gemeente", data={"csrf_token": token, "postcode": "2651"})
    assert response.status_code == 400


def test_every_token_on_a_staff_page_differs(client, staff):
    log_in(client, "regisseur")
    tokens = tokens_on(client.get("/werkplek/"))  # the layout's log-out form and the page's own forms
    assert tokens and len(set(tokens)) == len(tokens)
    assert all("." not in token for token in tokens)  # none is Flask-WTF's bare signed token
