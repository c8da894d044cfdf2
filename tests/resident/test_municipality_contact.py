"""The municipality's number and opening hours (issue 14, item 5): on every resident page once the municipality is
known, from one place (municipality_context.py and components/municipality-contact.html); nothing before."""

import pytest

from tests.client_request import ClientRequest
from tests.conftest import page

PAGES = ["/", "/geldcheck", "/geldcheck?verlopen=1", "/bestaat-niet", "/vraag-stellen", "/vraag-ophalen",
         "/toegankelijkheid", "/uw-gemeente"]


def _postcode(client, postcode: str, **values):
    return ClientRequest(client).open("POST", "resident.find_municipality", _data={"postcode": postcode}, **values)


@pytest.mark.parametrize("path", PAGES)
def test_no_municipality_known_shows_none(client, municipalities, path):
    footer = page(client.get(path)).select_one("footer")
    assert footer.select_one("a[href^='tel:']") is None
    assert not any(name in footer.get_text() for name in ("Lansingerland", "Groningen", "Lochem"))


@pytest.mark.parametrize("path", PAGES)
def test_once_known_every_page_has_the_number_and_opening_hours(client, municipalities, path):
    _postcode(client, "7241")
    footer = page(client.get(path)).select_one("footer")
    number = footer.select_one("a.tel")
    assert (number.get_text(strip=True), number["href"], number["dir"]) == ("14 0573", "tel:140573", "ltr")
    text = " ".join(footer.get_text().split())
    assert "Maandag tot en met donderdag: 09:00 tot 16:30 uur" in text
    assert "Vrijdag: 09:00 tot 12:30 uur" in text


def test_opening_hours_are_named_in_the_readers_language(client, municipalities, app):
    _postcode(client, "9712")
    client.set_cookie(app.config["LANGUAGE_COOKIE_NAME"], "ar")
    text = " ".join(page(client.get("/bestaat-niet")).select_one("footer").get_text().split())
    assert "من الاثنين إلى الجمعة" in text and "Groningen" in text


def test_the_question_sent_page_shows_the_municipality_the_question_went_to(client, municipalities, monkeypatch):
    from portal.resident.advice_forms import AskForm

    monkeypatch.setattr(AskForm, "looks_automated", lambda self: False)
    page(client.get("/vraag-stellen"))
    soup = page(client.get("/vraag-stellen"))
    token = soup.select_one("input[name=csrf_token]")["value"]
    response = client.post("/vraag-stellen", data={"csrf_token": token, "municipality": "groningen",
                                                    "question": "Waar vind ik hulp bij mijn studieschuld?"})
    assert response.headers["Location"] == "/vraag-stellen/verstuurd"
    soup = page(client.get("/vraag-stellen/verstuurd"))
    assert soup.h1.get_text(strip=True) == "Uw vraag is verstuurd"
    assert soup.select_one("footer a.tel").get_text(strip=True) == "14 050"


def test_an_error_page_about_the_database_still_renders(client, municipalities, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from portal.resident import municipality_context

    _postcode(client, "9712")

    def broken(*_args):
        raise OperationalError("SELECT", {}, Exception("database gone"))

    monkeypatch.setattr(municipality_context, "find_by_slug", broken)
    response = client.get("/bestaat-niet")
    assert response.status_code == 404 and page(response).h1.get_text(strip=True) == "Deze pagina bestaat niet"
