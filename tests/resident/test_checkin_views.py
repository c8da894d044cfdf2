"""The resident's check-in page (portal/resident/checkin_views.py): three questions behind a single-use link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.domain.aftercare import MoneyNow, NazorgEnd, NazorgState
from portal.rules.aftercare_checkin import LINK_DAYS
from portal.rules.deadlines import local_date
from tests.aftercare_fixtures import add_months, give_link, make_aftercare
from tests.conftest import assert_unique_ids, page, raw_dump

GONE = "Deze link werkt niet meer"


@pytest.fixture
def checkin(db_session, make_case):
    """A case closed a month ago whose first moment's link went out today: (traject, moment, token)."""
    case = make_case(call_name="Fatima de Vries", phone="+31612345678",
                     answers={"contact": {"channels": ["sms"]}})
    traject = make_aftercare(db_session, case, started_on=add_months(local_date(utcnow()), -1))
    moment = traject.moments[0]
    return traject, moment, give_link(db_session, moment)


def _answer(client, token, **answers):
    """The form as a resident sends it (the CSRF token from any page of this browser: it lives in the session)."""
    csrf = page(client.get("/aanmelden")).select_one("input[name=csrf_token]")["value"]
    return client.post(f"/nazorg/{token}", data={"csrf_token": csrf, **answers})


def _fresh(db_session, *rows):
    db_session.expire_all()
    return rows


def test_the_page_asks_three_questions_and_shows_nothing_of_the_person(client, db_session, checkin):
    traject, moment, token = checkin
    before = raw_dump(db_session)
    response = client.get(f"/nazorg/{token}")
    assert response.status_code == 200
    soup = page(response)
    assert_unique_ids(soup)
    legends = [legend.get_text(strip=True) for legend in soup.select("main form legend")]
    assert legends == ["Hoe gaat het nu met geld?", "Zijn er nieuwe rekeningen die u niet kunt betalen?",
                       "Wilt u dat we u bellen?"]
    assert [label.get_text(strip=True) for label in soup.select("fieldset label")] == [
        "Goed", "Het gaat", "Moeilijk", "Ja", "Nee", "Ja, bel mij", "Nee, nu niet",
        "Nee, ik heb geen hulp meer nodig"]
    text = soup.get_text(" ")
    assert "Fatima" not in text and traject.aanmelding.reference not in text and "612345678" not in text
    assert "14 010" in soup.select_one("footer").get_text(), "the municipality's number, for who would rather talk"
    assert raw_dump(db_session) == before, "opening the link (a mail scanner does too) changes nothing"


def test_answers_are_stored_once_and_the_link_is_spent(client, db_session, checkin):
    traject, moment, token = checkin
    response = _answer(client, token, money_now="so_so", new_bills="no", call="not_now")
    assert response.status_code == 302 and response.headers["Location"] == "/nazorg/bedankt"
    _fresh(db_session)
    assert (moment.money_now, moment.new_bills, moment.wants_call) == (MoneyNow.SO_SO, False, False)
    assert moment.done_on == local_date(utcnow()) and moment.answered_at is not None
    assert moment.checkin_token_hash is None, "the link is spent"
    assert traject.state == NazorgState.ACTIVE and traject.call_requested_at is None
    soup = page(client.get("/nazorg/bedankt"))
    assert soup.h1.get_text(strip=True) == "Bedankt voor uw antwoorden"
    assert "Fijn dat u het liet weten." in soup.main.get_text() and "14 010" in soup.main.get_text()

    before = raw_dump(db_session)
    again = _answer(client, token, money_now="hard", new_bills="yes", call="call")
    assert again.status_code == 404 and page(again).h1.get_text(strip=True) == GONE
    assert raw_dump(db_session) == before, "a second use changes nothing"
    assert page(client.get(f"/nazorg/{token}")).h1.get_text(strip=True) == GONE


def test_asking_for_a_call_puts_the_case_on_top_and_says_when_we_call(client, db_session, checkin):
    traject, moment, token = checkin
    _answer(client, token, call="call")
    _fresh(db_session)
    assert traject.call_requested_at is not None and moment.wants_call is True
    main = page(client.get("/nazorg/bedankt")).main.get_text(" ", strip=True)
    assert "We bellen u binnen 3 werkdagen, uiterlijk op" in main
    assert "Bel gemeente Lansingerland: 14 010" in main and "08:30 tot 17:00 uur" in main
    assert client.get("/nazorg/bedankt").status_code == 302, "shown once: a shared phone does not keep telling it"


def test_needing_nothing_more_ends_after_care(client, db_session, checkin):
    traject, moment, token = checkin
    _answer(client, token, money_now="good", call="needs_nothing")
    _fresh(db_session)
    assert (traject.state, traject.end_reason, traject.ended_on) == (NazorgState.ENDED, NazorgEnd.NEEDS_NOTHING,
                                                                    local_date(utcnow()))
    assert traject.call_requested_at is None
    main = page(client.get("/nazorg/bedankt")).main.get_text(" ", strip=True)
    assert "U krijgt van ons geen vragen meer." in main and "14 010" in main


def test_new_bills_without_a_call_still_show_where_help_is(client, db_session, checkin):
    traject, moment, token = checkin
    _answer(client, token, new_bills="yes", call="not_now")
    soup = page(client.get("/nazorg/bedankt"))
    assert {a["href"] for a in soup.select("main .actions a")} == {"/aanmelden", "/geldcheck"}
    assert "14 010" in soup.main.get_text()
    _fresh(db_session)
    assert moment.new_bills is True and traject.call_requested_at is None


def test_an_expired_an_unknown_and_an_ended_link_get_the_same_kind_page(client, db_session, checkin, make_case):
    traject, moment, token = checkin
    moment.checkin_sent_at = utcnow() - timedelta(days=LINK_DAYS, minutes=1)
    db_session.commit()
    other = make_aftercare(db_session, make_case(), started_on=add_months(local_date(utcnow()), -1),
                           state=NazorgState.ENDED)
    ended_token = give_link(db_session, other.moments[0])
    before = raw_dump(db_session)
    pages = []
    for path in (f"/nazorg/{token}", f"/nazorg/{ended_token}", "/nazorg/" + "x" * 43, "/nazorg/%F0%9F%98%80"):
        response = client.get(path)
        assert response.status_code == 404
        pages.append(page(response).main.get_text(" ", strip=True))
    assert GONE in pages[0] and len(set(pages)) == 1, "nothing tells a used or old link from one that never was"
    refused = _answer(client, token, money_now="good")
    assert refused.status_code == 404 and raw_dump(db_session) == before


def test_a_value_the_page_never_offered_gets_a_kind_error_and_keeps_the_rest(client, db_session, checkin):
    traject, moment, token = checkin
    before = raw_dump(db_session)
    response = _answer(client, token, money_now="hard", new_bills="misschien", call="call")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one("#new_bills-error").get_text(" ", strip=True).endswith(
        "Kies een van de antwoorden, of laat deze vraag leeg.")
    assert soup.select_one("input[name=money_now][value=hard]").has_attr("checked")
    assert soup.select_one("input[name=call][value=call]").has_attr("checked")
    assert raw_dump(db_session) == before


def test_an_empty_form_does_not_use_up_the_link(client, db_session, checkin):
    traject, moment, token = checkin
    before = raw_dump(db_session)
    soup = page(_answer(client, token))
    assert soup.select_one(".error-summary a")["href"] == "#money_now-0"
    assert raw_dump(db_session) == before
    assert client.get(f"/nazorg/{token}").status_code == 200


def test_the_page_reads_right_to_left_in_arabic(client, checkin):
    traject, moment, token = checkin
    client.get("/taal/ar")
    soup = page(client.get(f"/nazorg/{token}"))
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert soup.h1.get_text(strip=True) == "كيف حالك الآن؟"


def test_the_thank_you_page_without_an_answer_goes_to_the_start(client):
    response = client.get("/nazorg/bedankt")
    assert response.status_code == 302 and response.headers["Location"] == "/"
