"""After sending: every way back shows the sent sign-up, the device remembers it, the resume link tells the truth."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, text

from portal.db import utcnow
from portal.domain.casework import RESIDENT_ADDITION
from portal.models import Aanmelding, AanmeldingDraft, CaseEvent
from portal.services import signup
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps, post_step, start_signup, submit
from tests.staff_fixtures import log_in


def _count(db_session, model):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def _sent(client, db_session, **extra) -> Aanmelding:
    assert fill_steps(client) == "/aanmelden/controleren"
    assert submit(client, **extra).headers["Location"] == "/aanmelden/klaar"
    return db_session.scalars(select(Aanmelding)).one()


@pytest.mark.parametrize("path", ["/aanmelden/stap/situatie", "/aanmelden/stap/contact", "/aanmelden/controleren",
                                  "/aanmelden/later"])
def test_back_or_reload_after_sending_shows_the_confirmation(client, municipalities, db_session, path):
    _sent(client, db_session)
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == "/aanmelden/klaar"


def test_the_intro_after_sending_says_it_was_sent_and_offers_no_plain_start(client, municipalities, db_session):
    aanmelding = _sent(client, db_session)
    shown = page(client.get("/aanmelden"))
    assert shown.h1.get_text(strip=True) == "Uw aanmelding is verstuurd"
    assert shown.select_one(".reference").get_text(strip=True) == aanmelding.reference
    assert "Wij nemen uiterlijk" in shown.get_text() and "niet meer vinden" not in shown.get_text()
    assert shown.select_one("a[href='/aanmelden/toevoegen']") is not None
    assert shown.select_one("form input[name=new][value='1']") is not None
    assert "Sam" not in shown.get_text(), "a shared phone shows no name"


def test_an_old_start_button_asks_first_and_makes_no_draft(client, municipalities, db_session):
    _sent(client, db_session)
    response = start_signup(client)
    assert response.headers["Location"] == "/aanmelden"
    assert _count(db_session, AanmeldingDraft) == 0


def test_an_old_tab_step_post_after_sending_shows_the_confirmation_and_makes_nothing(client, municipalities,
                                                                                      db_session):
    _sent(client, db_session)
    response = post_step(client, "situatie", {"topics": ["rent"], "group": "none"})
    assert response.headers["Location"] == "/aanmelden/klaar"
    assert submit(client).headers["Location"] == "/aanmelden/klaar"
    assert _count(db_session, Aanmelding) == 1 and _count(db_session, AanmeldingDraft) == 0


def _same_device_new_session(app, client):
    """The browser was closed (the session cookie is gone) but the device marker stays."""
    cookie = client.get_cookie(app.config["SENT_COOKIE_NAME"])
    assert cookie is not None and cookie.max_age == 30 * 24 * 3600 and cookie.http_only
    later = app.test_client()
    later.set_cookie(cookie.key, cookie.value)
    return later, cookie.value


def test_the_device_marker_is_opaque_and_asks_within_30_days(app, client, municipalities, db_session):
    aanmelding = _sent(client, db_session)
    later, marker = _same_device_new_session(app, client)
    assert aanmelding.reference not in marker and "Sam" not in marker
    shown = page(later.get("/aanmelden"))
    assert shown.h1.get_text(strip=True) == "Uw aanmelding is verstuurd"
    assert start_signup(later).headers["Location"] == "/aanmelden"
    assert _count(db_session, AanmeldingDraft) == 0
    response = ClientRequest(later).open("POST", "resident.start_signup", _data={"new": "1"})
    assert response.headers["Location"].startswith("/aanmelden/stap/")
    assert _count(db_session, AanmeldingDraft) == 1, "someone else in the household can still sign up"


def test_a_forged_or_old_device_marker_is_ignored(app, client, municipalities, db_session, monkeypatch):
    aanmelding = _sent(client, db_session)
    forged = app.test_client()
    forged.set_cookie(app.config["SENT_COOKIE_NAME"], aanmelding.submission_key)
    assert page(forged.get("/aanmelden")).h1.get_text(strip=True) == "Aanmelden voor hulp bij geldzorgen"
    _later, marker = _same_device_new_session(app, client)
    in_31_days = time.time() + 31 * 24 * 3600
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: in_31_days)
    assert signup.sent_from_marker(db_session, app.config["SECRET_KEY"], marker) is None
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: in_31_days - 2 * 24 * 3600)
    assert signup.sent_from_marker(db_session, app.config["SECRET_KEY"], marker).id == aanmelding.id


def test_something_added_lands_encrypted_on_the_case_timeline(app, client, municipalities, db_session, staff):
    aanmelding = _sent(client, db_session)
    later, _marker = _same_device_new_session(app, client)
    done = ClientRequest(later).post("resident.add_to_signup", _data={"text": "Er kwam een brief van de deurwaarder."},
                                     _follow_redirects=True)
    assert "Het staat nu bij uw aanmelding." in done.get_text()
    event = db_session.scalars(select(CaseEvent)).one()
    assert (event.aanmelding_id, event.kind, event.staff_id) == (aanmelding.id, RESIDENT_ADDITION, None)
    raw = db_session.execute(text("SELECT text FROM case_event")).scalar_one()
    assert "deurwaarder" not in raw
    staff_client = app.test_client()
    log_in(staff_client, "regisseur")
    timeline = page(staff_client.get(f"/werkplek/zaak/{aanmelding.id}")).select_one(".timeline").get_text(" ")
    assert "Inwoner" in timeline and "deurwaarder" in timeline and "voegde dit toe" in timeline


def test_additions_are_limited_per_day(client, client_request, municipalities, db_session):
    aanmelding = _sent(client, db_session)
    for n in range(signup.MAX_ADDITIONS_PER_DAY):
        client_request.post("resident.add_to_signup", _data={"text": f"aanvulling {n}"})
    refused = client_request.post("resident.add_to_signup", _data={"text": "nog een"}, _expected_status=200)
    assert "al een paar keer" in refused.get_text() and aanmelding.municipality.phone in refused.get_text()
    assert _count(db_session, CaseEvent) == signup.MAX_ADDITIONS_PER_DAY
    signup.add_from_resident(db_session, aanmelding, "de volgende dag", now=utcnow() + timedelta(days=1, minutes=1))
    assert _count(db_session, CaseEvent) == signup.MAX_ADDITIONS_PER_DAY + 1


def test_adding_needs_a_sent_sign_up_and_some_text(client, client_request, municipalities, db_session):
    assert client.get("/aanmelden/toevoegen").headers["Location"] == "/aanmelden"
    _sent(client, db_session)
    empty = client_request.post("resident.add_to_signup", _data={"text": "  "}, _expected_status=200)
    assert "Schrijf wat u wilt toevoegen." in empty.get_text()
    assert _count(db_session, CaseEvent) == 0


# The resume link: each failure says what is true.

def _resume_link(client) -> str:
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    return urlsplit(page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]).path


def _take_over(app, path):
    other = app.test_client()
    other.get(path)
    response = other.post(path, data={"csrf_token": ClientRequest(other).csrf_token(), "choice": "continue"})
    assert response.status_code == 302
    return other


def _finish(client):
    """Answers whatever is still open, in the order the check page sends the resident, and sends."""
    while (location := client.get("/aanmelden/controleren").headers.get("Location")) is not None:
        slug = location.rsplit("/", 1)[1]
        assert post_step(client, slug, DEFAULT_STEPS[slug]).status_code == 302
    assert submit(client).headers["Location"] == "/aanmelden/klaar"


def test_a_used_link_says_the_answers_are_on_the_other_device(app, client, municipalities, db_session):
    path = _resume_link(client)
    _take_over(app, path)
    response = app.test_client().get(path)
    assert response.status_code == 410
    shown = page(response)
    assert shown.h1.get_text(strip=True) == "Deze link is al gebruikt"
    assert "andere telefoon of computer" in shown.get_text() and "gewist" not in shown.get_text()
    assert _count(db_session, AanmeldingDraft) == 1, "the answers are still there, on the other device"


def test_a_used_link_on_the_device_that_used_it_goes_on_there(app, client, municipalities, db_session):
    path = _resume_link(client)
    other = _take_over(app, path)
    shown = page(other.get(path))
    assert shown.select_one("a.button[href='/aanmelden/controleren']") is not None


def test_a_link_of_a_sent_sign_up_says_it_was_sent(app, client, municipalities, db_session):
    path = _resume_link(client)
    other = _take_over(app, path)
    _finish(other)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    # The old link was made before the take-over: that draft id went on under a new one, so it reads as used.
    assert page(app.test_client().get(path)).h1.get_text(strip=True) == "Deze link is al gebruikt"
    # A link of the draft that was sent itself says so, with the reference.
    fresh = signup.resume_token(app.config["SECRET_KEY"], aanmelding.submission_key, utcnow() + timedelta(days=3))
    response = app.test_client().get(f"/aanmelden/verder/{fresh}")
    assert response.status_code == 200
    shown = page(response)
    assert shown.h1.get_text(strip=True) == "Deze aanmelding is al verstuurd"
    assert shown.select_one(".reference").get_text(strip=True) == aanmelding.reference


def test_a_link_past_its_end_says_the_answers_were_wiped(app, client, municipalities, db_session):
    path = _resume_link(client)
    db_session.execute(text("UPDATE aanmelding_draft SET expires_at = :past"), {"past": utcnow() - timedelta(hours=1)})
    db_session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert "Uw antwoorden zijn daarom gewist." in page(response).get_text()
    assert _count(db_session, AanmeldingDraft) == 0


# Item 14: the confirmation says where a message went, only when one went.

def test_the_confirmation_says_where_the_sms_went_masked(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    submit(client, send_confirmation="y")
    shown = page(client.get("/aanmelden/klaar"))
    address = shown.select_one("bdi[dir=ltr]")
    assert address.get_text() == "06 •• •• 56 78"
    assert "We hebben een sms gestuurd naar" in shown.get_text() and "Geen sms gekregen?" in shown.get_text()
    assert "12345678" not in shown.get_text()


def test_the_confirmation_says_where_the_email_went_masked(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["email"], "email": "sam.smit@example.org", "phone": ""}})
    submit(client, send_confirmation="y")
    shown = page(client.get("/aanmelden/klaar"))
    assert shown.select_one("bdi[dir=ltr]").get_text() == "s•••@example.org"
    assert "We hebben een e-mail gestuurd naar" in shown.get_text() and "spam" in shown.get_text()


@pytest.mark.parametrize("notifier,ask", [("outbox", ""), ("none", "y")])
def test_the_confirmation_promises_no_message_that_was_not_sent(app, client, municipalities, db_session, notifier,
                                                                 ask):
    app.config["NOTIFIER"] = notifier
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    submit(client, send_confirmation=ask)
    shown = page(client.get("/aanmelden/klaar")).get_text()
    assert "We hebben een" not in shown and "••" not in shown
