import pytest

from portal.rules import deadlines
from tests.conftest import assert_unique_ids, page


def test_start_page_is_dutch_by_default(client):
    soup = page(client.get("/"))
    assert soup.html["lang"] == "nl"
    assert soup.h1.get_text(strip=True) == "Zorgen over geld? U staat er niet alleen voor."
    assert soup.select_one("a.skip[href='#inhoud']") is not None
    assert soup.select_one("main#inhoud") is not None
    assert_unique_ids(soup)


def test_browser_language_is_followed_when_nothing_was_chosen(client):
    soup = page(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Worried about money? You are not alone."


def test_unsupported_browser_language_falls_back_to_dutch(client):
    soup = page(client.get("/", headers={"Accept-Language": "fr"}))
    assert soup.html["lang"] == "nl"


def test_language_choice_is_remembered_over_the_browser_language(client):
    response = client.get("/taal/en?next=/uw-gemeente")
    assert response.status_code == 302
    assert response.headers["Location"] == "/uw-gemeente"
    soup = page(client.get("/", headers={"Accept-Language": "nl"}))
    assert soup.html["lang"] == "en"
    client.get("/taal/nl")
    assert page(client.get("/", headers={"Accept-Language": "en"})).html["lang"] == "nl"


def test_every_page_offers_the_language_switch_in_each_languages_own_name(client):
    soup = page(client.get("/"))
    links = {a["hreflang"]: a.get_text(strip=True) for a in soup.select("nav.langs a")}
    assert links == {"nl": "Nederlands", "en": "English", "ar": "العربية", "ti": "ትግርኛ", "uk": "Українська",
                     "tr": "Türkçe", "pl": "Polski"}
    assert soup.select_one("nav.langs a[hreflang='ar']")["dir"] == "rtl"
    assert soup.select_one("nav.langs a[hreflang='nl']")["aria-current"] == "true"


def test_language_switch_returns_to_the_same_page(client):
    soup = page(client.get("/uw-gemeente"))
    assert soup.select_one("nav.langs a[hreflang='en']")["href"] == "/taal/en?next=/uw-gemeente"


def test_unknown_language_code_changes_nothing(client):
    response = client.get("/taal/xx?next=/")
    assert response.status_code == 302
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_language_switch_does_not_redirect_elsewhere(client):
    response = client.get("/taal/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_footer_offers_to_find_the_phone_number_when_municipality_unknown(client):
    soup = page(client.get("/"))
    assert soup.select_one("footer a[href='/uw-gemeente']") is not None


def test_staff_pages_offer_only_dutch_and_english(client):
    soup = page(client.get("/werkplek/inloggen"))
    assert {a["hreflang"] for a in soup.select("nav.langs a")} == {"nl", "en"}


def test_arabic_pages_are_right_to_left(client):
    client.get("/taal/ar")
    soup = page(client.get("/"))
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")


def test_a_staff_member_with_arabic_chosen_gets_dutch(client):
    client.get("/taal/ar")
    assert page(client.get("/werkplek/inloggen")).html["lang"] == "nl"


@pytest.mark.parametrize("days", [deadlines.LEGAL_CRISIS_WORKING_DAYS, 2])
def test_start_page_names_the_legal_crisis_limit(client, monkeypatch, days):
    monkeypatch.setattr(deadlines, "LEGAL_CRISIS_WORKING_DAYS", days)
    assert f"belt u binnen {days} werkdagen terug" in page(client.get("/")).get_text()


def test_the_accessibility_page_counts_the_languages_offered(app, client):
    offered = app.config["SUPPORTED_LOCALES"]
    assert f"in {len(offered)} talen" in page(client.get("/toegankelijkheid")).get_text()
    app.config["SUPPORTED_LOCALES"] = tuple(code for code in offered if code != "pl")
    assert f"in {len(offered) - 1} talen" in page(client.get("/toegankelijkheid")).get_text()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_each_language_link_comes_back_to_the_page_it_is_on(client, lang):
    """With only the query the page itself uses (tests/test_no_echo.py says why)."""
    from urllib.parse import parse_qs, urlsplit

    from flask import url_for

    client.get(f"/taal/{lang}")
    for path, back in (("/", "/"), ("/geldcheck", "/geldcheck"),
                       ("/uw-gemeente?postcode=2651&x=a%20b/c", "/uw-gemeente"),
                       ("/uw-gemeente?next=/geldcheck/vraag/a%20b", "/uw-gemeente?next=%2Fgeldcheck%2Fvraag%2Fa+b"),
                       ("/vraag-stellen?x=1", "/vraag-stellen")):
        links = page(client.get(path)).select("nav.langs a")
        assert [a["hreflang"] for a in links] == ["nl", "en", "ar", "ti", "uk", "tr", "pl"]
        for link in links:
            target = urlsplit(link["href"])
            assert target.path == f"/taal/{link['hreflang']}"
            assert parse_qs(target.query) == {"next": [back]}
            with client.application.test_request_context(path):  # as url_for builds it, encoding included
                assert link["href"] == url_for("resident.choose_language", code=link["hreflang"], next=back)
