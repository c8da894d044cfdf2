"""The short link on a letter (portal/resident/letter_views.py): /b/<token> sets the municipality, nothing else."""

from __future__ import annotations

import time

from portal.services.letters import LINK_MAX_AGE, link_token
from tests.conftest import page
from tests.letter_fixtures import queue_letter


def _token(app, letter) -> str:
    return link_token(app.config["SECRET_KEY"], letter.reference)


def test_the_letters_link_opens_a_page_with_the_municipalitys_number_and_hours(app, client, db_session, make_case):
    letter = queue_letter(db_session, make_case(), language="nl")
    response = client.get(f"/b/{_token(app, letter)}")
    assert response.status_code == 302 and response.headers["Location"] == "/brief", "the token leaves the address"
    soup = page(client.get("/brief"))
    main = soup.select_one("main").get_text(" ", strip=True)
    assert soup.h1.get_text(strip=True) == "U kreeg een brief van de gemeente"
    assert "Bel gemeente Lansingerland:" in main and "14 010" in main and "08:30 tot 17:00 uur" in main
    assert {a["href"] for a in soup.select("main .actions a")} == {"/aanmelden", "/vraag-stellen"}
    assert "Lansingerland" in soup.select_one("footer").get_text(), "every later page knows the municipality"


def test_the_page_is_in_the_readers_language_and_arabic_reads_right_to_left(app, client, db_session, make_case):
    letter = queue_letter(db_session, make_case(), language="ar")
    client.get(f"/b/{_token(app, letter)}")
    soup = page(client.get("/brief", headers={"Accept-Language": "ar"}))
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert soup.h1.get_text(strip=True) != "U kreeg een brief van de gemeente"


def test_an_expired_or_tampered_link_opens_the_start_page_and_sets_no_municipality(app, client, db_session,
                                                                                   make_case, monkeypatch):
    letter = queue_letter(db_session, make_case())
    with monkeypatch.context() as patch:
        long_ago = time.time() - LINK_MAX_AGE - 60
        patch.setattr("itsdangerous.timed.time.time", lambda: long_ago)
        expired = _token(app, letter)
    good = _token(app, letter)
    forged = link_token("not-the-secret", letter.reference)
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for token in (expired, forged, tampered, "onbekend", good.split(".")[0]):
        response = client.get(f"/b/{token}")
        assert (response.status_code, response.headers["Location"]) == (302, "/"), token
    assert client.get("/brief").headers["Location"] == "/", "no municipality was set"
    assert "14 010" not in page(client.get("/")).get_text()


def test_a_link_to_a_case_that_is_gone_opens_the_start_page(app, client, db_session, make_case):
    case = make_case()
    token = _token(app, queue_letter(db_session, case))
    db_session.delete(case)
    db_session.commit()
    assert client.get(f"/b/{token}").headers["Location"] == "/"
