import pytest

from tests.client_request import ClientRequest
from tests.conftest import page


def _postcode(client, postcode: str, **kwargs):
    return ClientRequest(client).open("POST", "resident.find_municipality", _data={"postcode": postcode}, **kwargs)


@pytest.mark.parametrize("postcode,name", [("2651 AB", "Lansingerland"), ("9712", "Groningen"), ("7241cd", "Lochem")])
def test_postcode_finds_the_municipality_and_its_phone_stays_in_reach(client, municipalities, postcode, name):
    response = _postcode(client, postcode, _follow_redirects=True)
    soup = page(response)
    assert soup.select_one("#gemeente-titel").get_text(strip=True) == f"Gemeente {name}"
    phone = municipalities[name.lower()].phone
    # the number now sits in the footer of every page
    start = page(client.get("/"))
    assert start.select_one("footer a.tel").get_text(strip=True) == phone
    assert start.select_one("footer a.tel")["href"] == "tel:" + phone.replace(" ", "")


def test_partners_of_the_municipality_are_named(client, municipalities):
    soup = page(_postcode(client, "2661", _follow_redirects=True))
    text = soup.select_one("section.panel").get_text(" ")
    assert "PLANgroep" in text and "Kwadraad" in text and "SchuldHulpMaatje" in text


def test_postcode_outside_every_municipality_gets_a_kind_answer(client, municipalities):
    response = _postcode(client, "1011 AB")
    assert response.status_code == 200
    soup = page(response)
    heading = soup.select_one("#niet-gevonden").get_text(strip=True)
    assert heading == "Voor deze postcode kunnen wij u hier nog niet helpen"
    assert "14 met het netnummer" in soup.get_text()
    assert soup.select_one("footer a.tel") is None


@pytest.mark.parametrize("bad", ["12", "abcd", "0123 AB", "2651 SS", "<script>"])
def test_wrong_postcode_gets_an_error_next_to_the_field_and_keeps_the_input(client, municipalities, bad):
    response = _postcode(client, bad)
    assert response.status_code == 200
    soup = page(response)
    field = soup.select_one("#postcode")
    assert field["value"] == bad
    assert field["aria-invalid"] == "true"
    assert "postcode-error" in field["aria-describedby"].split()
    assert soup.select_one("#postcode-error").get_text(strip=True).endswith("of alleen de 4 cijfers.")
    assert soup.select_one(".error-summary a[href='#postcode']") is not None
    assert "<script>" not in response.get_data(as_text=True)


def test_empty_postcode_asks_for_it(client, municipalities):
    soup = page(_postcode(client, ""))
    assert "Vul uw postcode in" in soup.select_one("#postcode-error").get_text()


def test_hint_is_tied_to_the_field(client):
    soup = page(client.get("/uw-gemeente"))
    assert soup.select_one("#postcode")["aria-describedby"] == "postcode-hint"
    assert soup.select_one("label[for='postcode']") is not None
