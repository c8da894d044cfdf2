"""The resident's messages go into the outbox with what they belong to: once, in the reading language."""

from sqlalchemy import select

from portal.domain.messages import MessageKind, MessageState
from portal.models import Aanmelding, OutboxMessage
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.resident.signup_helpers import fill_steps, post_step, submit


def test_a_double_tap_on_send_queues_one_confirmation_for_the_case(client, app, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    form_token = ClientRequest(client).csrf_token()
    second_tap = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    second_tap.set_cookie(cookie.key, cookie.value)
    for tap in (client, second_tap, client):
        assert tap.post("/aanmelden/controleren", data={"csrf_token": form_token, "send_confirmation": "y"}
                        ).headers["Location"] == "/aanmelden/klaar"
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (message.kind, message.aanmelding_id, message.state) == (MessageKind.CONFIRMATION, aanmelding.id,
                                                                    MessageState.QUEUED)
    assert message.dedupe_key == f"confirmation:{aanmelding.id}"


def test_the_confirmation_is_written_in_the_language_the_form_was_read_in(app, client, municipalities, db_session):
    client.set_cookie(app.config["LANGUAGE_COOKIE_NAME"], "ar")
    fill_steps(client, {"contact": {"channels": ["sms"]}})
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert message.language == "ar" and aanmelding.reference in message.body
    assert any("\u0600" <= ch <= "\u06ff" for ch in message.body), message.body


def test_no_confirmation_is_queued_when_the_resident_did_not_ask(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    submit(client)
    assert db_session.scalars(select(Aanmelding)).one()
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_a_confirmation_that_could_not_be_delivered_is_not_called_sent(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    message.state = MessageState.REJECTED
    db_session.commit()
    shown = page(client.get("/aanmelden/klaar")).get_text()
    assert "Het lukte niet om een sms te sturen naar 06 •• •• 56 78." in shown
    assert "We hebben een sms gestuurd" not in shown


def test_a_resume_link_message_belongs_to_no_case(client, client_request, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    client_request.post("resident.show_resume_link", _data={"address": "06 12345678"}, _expected_status=200)
    message = db_session.scalars(select(OutboxMessage)).one()
    assert (message.kind, message.channel, message.recipient) == (MessageKind.RESUME_LINK, "sms", "+31612345678")
    assert message.aanmelding_id is None and message.dedupe_key is None


def test_development_shows_what_would_have_been_sent(client, client_request, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    client_request.post("resident.show_resume_link", _data={"address": "06 12345678"}, _expected_status=200)
    shown = page(client.get("/dev/berichten"))
    link = shown.select_one("a[href*='/aanmelden/verder/']")
    assert link is not None and "+31612345678" in shown.get_text()


def test_a_discreet_confirmation_names_the_reference_and_the_date_but_not_the_municipality(client, municipalities,
                                                                                           db_session):
    fill_steps(client, {"contact": {"channels": ["sms"]}, "bereikbaarheid": {"say_municipality": "no"}})
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.reference in message.body and "uiterlijk" in message.body
    assert "gemeente" not in message.body.lower() and aanmelding.municipality.name not in message.body
    assert "Lansingerland" not in (message.subject or "")
