"""Notify's delivery receipts: only with the right bearer token, and a receipt never moves a message back."""

import pytest
from sqlalchemy import select

from portal.domain.messages import MessageState
from portal.models import OutboxMessage
from tests.fake_notify import send_receipt
from tests.messaging.conftest import load, make_worker, queue

TOKEN = "test-callback-token"
PATH = "/notify/ontvangstbevestiging"


@pytest.fixture
def sent(notify_app, fake_notify):
    (message_id,) = queue(notify_app)
    make_worker(notify_app).drain()
    return message_id, fake_notify.received[0]


def _post(notify_app, record, status, token=TOKEN):
    from tests.fake_notify import receipt

    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return notify_app.test_client().post(PATH, json=receipt(record, status), headers=headers)


@pytest.mark.parametrize("token", [None, "", "test-callback-tokeN", TOKEN + "x"])
def test_a_receipt_without_the_right_token_changes_nothing(notify_app, sent, token):
    message_id, record = sent
    assert _post(notify_app, record, "permanent-failure", token=token).status_code == 401
    assert load(notify_app, message_id).state == MessageState.SENT


def test_receipts_are_recorded_repeat_safely_and_never_move_back(notify_app, sent):
    message_id, record = sent
    assert _post(notify_app, record, "temporary-failure").status_code == 200
    assert load(notify_app, message_id).state == MessageState.TEMPORARY_FAILURE
    assert _post(notify_app, record, "delivered").status_code == 200
    assert _post(notify_app, record, "delivered").status_code == 200  # Notify's retry
    assert _post(notify_app, record, "temporary-failure").status_code == 200  # late, older news
    assert load(notify_app, message_id).state == MessageState.DELIVERED


def test_an_unknown_message_or_a_reference_that_does_not_match_is_not_recorded(notify_app, sent):
    message_id, record = sent
    assert _post(notify_app, {**record, "reference": "someone-else"}, "delivered").status_code == 404
    assert _post(notify_app, {**record, "id": "0" * 36}, "delivered").status_code == 404
    assert load(notify_app, message_id).state == MessageState.SENT


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"id": 5, "status": "delivered"}',
                                  b'{"id": "x", "status": "read"}'])
def test_a_malformed_receipt_gets_400_not_500(notify_app, sent, body):
    answer = notify_app.test_client().post(PATH, data=body, content_type="application/json",
                                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 400


def test_the_fake_services_own_callback_reaches_the_portal_over_http(notify_app, sent, live_notify_portal):
    message_id, record = sent
    assert send_receipt(f"{live_notify_portal}{PATH}", TOKEN, record, "permanent-failure") == 200
    assert load(notify_app, message_id).state == MessageState.PERMANENT_FAILURE


def test_no_token_configured_means_no_receipts_are_taken(app, client):
    app.config["NOTIFY_CALLBACK_TOKEN"] = None
    assert client.post(PATH, json={"id": "x", "status": "delivered"}).status_code == 404
    assert client.application.extensions["db_sessionmaker"]().scalars(select(OutboxMessage)).all() == []


@pytest.fixture
def live_notify_portal(notify_app):
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, notify_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
