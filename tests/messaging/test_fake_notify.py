"""The fake Notify service checks what Notify checks, so a test that passes against it can fail."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
import requests
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError

from tests.fake_notify import FakeNotify, send_receipt

SMS = {"subject": "", "body": "Hallo"}


def _send(fake, api_key):
    client = NotificationsAPIClient(api_key, base_url=fake.base_url, timeout=2)
    return client.send_sms_notification(phone_number="+31612345678", template_id=fake.templates["sms"],
                                        personalisation=SMS, reference="ref-1")


def test_the_right_key_is_accepted_with_notifys_answer(fake_notify):
    answer = _send(fake_notify, fake_notify.api_key)
    assert answer["reference"] == "ref-1" and answer["content"]["body"] == "Hallo"
    assert answer["id"] == fake_notify.received[0]["id"]


@pytest.mark.parametrize("wrong", ["secret", "service"])
def test_a_wrong_key_is_refused_with_403(fake_notify, wrong):
    service = str(uuid.uuid4()) if wrong == "service" else fake_notify.service_id
    secret = str(uuid.uuid4()) if wrong == "secret" else fake_notify.secret
    with pytest.raises(HTTPError) as refused:
        _send(fake_notify, f"portal_test-{service}-{secret}")
    assert refused.value.status_code == 403
    assert refused.value.message[0]["error"] == "AuthError"
    assert fake_notify.received == []


def test_a_stale_token_is_refused_as_notify_refuses_a_wrong_clock(fake_notify):
    token = jwt.encode({"iss": fake_notify.service_id, "iat": int(time.time()) - 60}, fake_notify.secret,
                       algorithm="HS256")
    answer = requests.post(f"{fake_notify.base_url}/v2/notifications/sms", timeout=2,
                           headers={"Authorization": f"Bearer {token}"},
                           json={"phone_number": "+31612345678", "template_id": fake_notify.templates["sms"],
                                 "personalisation": SMS})
    assert answer.status_code == 403
    assert "clock" in answer.json()["errors"][0]["message"]


def test_no_token_is_refused_with_401(fake_notify):
    answer = requests.post(f"{fake_notify.base_url}/v2/notifications/sms", json={}, timeout=2)
    assert answer.status_code == 401


def test_an_unknown_template_is_a_bad_request(fake_notify):
    client = NotificationsAPIClient(fake_notify.api_key, base_url=fake_notify.base_url, timeout=2)
    with pytest.raises(HTTPError) as refused:
        client.send_sms_notification(phone_number="+31612345678", template_id=str(uuid.uuid4()),
                                     personalisation=SMS)
    assert (refused.value.status_code, refused.value.message[0]["message"]) == (400, "Template not found")


def test_a_fraction_of_failures_is_about_that_fraction(fake_notify):
    fake_notify.fail_fraction(500, 0.1)
    failed = 0
    for _ in range(200):
        try:
            _send(fake_notify, fake_notify.api_key)
        except HTTPError as exc:
            assert exc.status_code == 500
            failed += 1
    assert 5 <= failed <= 40


def test_a_receipt_is_posted_as_notify_posts_it(fake_notify):
    _send(fake_notify, fake_notify.api_key)
    got = []

    class Callback(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            got.append((self.headers["Authorization"], body))
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/notify/ontvangstbevestiging"
        status = send_receipt(url, "callback-token", fake_notify.received[0], "permanent-failure")
    finally:
        server.shutdown()
        server.server_close()

    [(authorization, receipt)] = got
    assert status == 204 and authorization == "Bearer callback-token"
    assert receipt["reference"] == "ref-1" and receipt["status"] == "permanent-failure"
    assert receipt["id"] == fake_notify.received[0]["id"] and receipt["notification_type"] == "sms"
    assert {"to", "created_at", "completed_at", "sent_at"} <= receipt.keys()


def _refusals(fake, count: int) -> list[bool]:
    client = NotificationsAPIClient(fake.api_key, base_url=fake.base_url, timeout=2)
    refused = []
    for number in range(count):
        try:
            client.send_sms_notification(phone_number="+31612345678", template_id=fake.templates["sms"],
                                         personalisation=SMS, reference=f"ref-{number}")
            refused.append(False)
        except HTTPError:
            refused.append(True)
    return refused


def test_the_same_seed_refuses_the_same_requests_and_each_is_recorded_with_its_reference():
    # The benchmark repeats a run with 10 % failures: the same seed must fail the same messages again.
    runs = []
    for seed in (7, 7, 8):
        fake = FakeNotify(seed=seed).start()
        try:
            fake.fail_fraction(500, 0.3)
            started = time.time()
            refused = _refusals(fake, 40)
            runs.append(refused)
            assert [r for r, status, _ in fake.refused] == [f"ref-{n}" for n, no in enumerate(refused) if no]
            assert {status for _, status, _ in fake.refused} == {500}
            assert [got["reference"] for got in fake.received] == [
                f"ref-{n}" for n, no in enumerate(refused) if not no]
            assert all(started <= got["received_at"] <= time.time() for got in fake.received)
        finally:
            fake.stop()
    assert runs[0] == runs[1] and runs[0] != runs[2]
