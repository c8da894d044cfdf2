"""Referral links (issue 14, item 7): a national partner's link asks for the postcode and shows no municipality; a
municipality's own link sets it and counts for it alone."""

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal.models import Aanmelding, SelfTestCount
from portal.services.referrals import REFERRAL_SALT, make_token
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.questionnaire.conftest import CALM
from tests.resident.signup_helpers import fill_steps, submit
from tests.resident.test_selftest_views import finish, walk


def _postcode(client, postcode: str, **values):
    return ClientRequest(client).open("POST", "resident.find_municipality", _data={"postcode": postcode}, **values)


def _footer_number(client, path="/"):
    number = page(client.get(path)).select_one("footer a.tel")
    return number.get_text(strip=True) if number else None


def test_a_national_link_asks_for_the_postcode_first_and_forgets_an_earlier_municipality(client, municipalities):
    client.get("/via/lansingerland-bank")
    assert _footer_number(client) == "14 010"
    assert client.get("/via/bank-landelijk").headers["Location"] == "/uw-gemeente?next=/"
    assert _footer_number(client) is None and _footer_number(client, "/geldcheck") is None
    soup = page(client.get("/uw-gemeente?next=/"))
    assert soup.select_one("main a[href='/']").get_text(strip=True) == "Verder zonder postcode"
    response = _postcode(client, "9712 AB", next="/")
    assert response.headers["Location"] == "/"
    assert _footer_number(client) == "14 050"


def test_next_after_the_postcode_stays_on_this_site(client, municipalities):
    response = _postcode(client, "9712", next="https://evil.example/")
    assert response.headers["Location"] == "/uw-gemeente"


def test_a_postcode_outside_forgets_the_municipality_it_had(client, municipalities):
    client.get("/via/groningen-bank")
    _postcode(client, "1011")
    assert _footer_number(client) is None


@pytest.mark.parametrize("code,number", [("lansingerland-bank", "14 010"), ("groningen-bank", "14 050"),
                                         ("lochem-bank", "14 0573")])
def test_each_municipalitys_bank_link_and_its_token_show_its_own_number(client, municipalities, app, code, number):
    assert client.get(f"/via/{code}").headers["Location"] == "/"
    assert _footer_number(client) == number
    other = app.test_client()
    other.get(f"/via/t/{make_token(app.config['SECRET_KEY'], code=code)}")
    assert _footer_number(other) == number


def test_an_old_token_that_borrowed_another_municipalitys_link_asks_and_shows_no_number(client, municipalities, app):
    borrowed = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=REFERRAL_SALT).dumps(
        {"p": "lansingerland-bank", "m": "groningen"})
    assert client.get(f"/via/t/{borrowed}").headers["Location"] == "/uw-gemeente?next=/"
    assert _footer_number(client) is None


def test_a_groningen_link_counts_for_groningen(client, municipalities, db_session):
    client.get("/via/groningen-bank")
    walk(client, CALM)
    finish(client)
    count = db_session.scalars(select(SelfTestCount)).one()
    assert (count.municipality, count.source) == ("groningen", "groningen-bank")


def test_another_municipalitys_link_is_not_counted_where_the_resident_lives(client, municipalities, db_session):
    client.get("/via/lansingerland-bank")
    walk(client, {**CALM, "postcode": "9712"})
    finish(client)
    count = db_session.scalars(select(SelfTestCount)).one()
    assert (count.municipality, count.source) == ("groningen", "")
    fill_steps(client, {"postcode": {"postcode": "9712"}})
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (aanmelding.municipality.slug, aanmelding.source, aanmelding.source_reason) == ("groningen", None, None)


def test_a_national_link_counts_where_the_resident_lives(client, municipalities, db_session):
    client.get("/via/bank-landelijk")
    _postcode(client, "7241", next="/")
    walk(client, CALM)
    finish(client)
    count = db_session.scalars(select(SelfTestCount)).one()
    assert (count.municipality, count.source) == ("lochem", "bank-landelijk")


@pytest.mark.parametrize("code", ["lansingerland-bank", "groningen-bank", "lochem-bank", "bank-landelijk"])
def test_the_referral_token_command_works_for_every_bank_link(app, municipalities, client, code):
    result = app.test_cli_runner().invoke(args=["referral-token", "--code", code])
    assert result.exit_code == 0, result.output
    path = result.output.strip()
    assert path.startswith("/via/t/")
    expected = "/uw-gemeente?next=/" if code == "bank-landelijk" else "/"
    assert client.get(path).headers["Location"] == expected


def test_the_referral_token_command_refuses_to_lend_a_link_to_another_municipality(app, municipalities):
    result = app.test_cli_runner().invoke(args=["referral-token", "--code", "lansingerland-bank",
                                                "--municipality", "groningen"])
    assert result.exit_code != 0 and "belongs to lansingerland" in result.output
    national = app.test_cli_runner().invoke(args=["referral-token", "--code", "bank-landelijk",
                                                  "--municipality", "groningen"])
    assert national.exit_code != 0 and "is national" in national.output
