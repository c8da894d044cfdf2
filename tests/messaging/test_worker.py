"""The worker against the fake Notify service on a loopback port, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import timedelta

import pytest

from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.messaging.worker import LEASE
from portal.rules.message_retry import Backoff
from tests.fake_notify import HANG
from tests.messaging.conftest import Clock, load, make_worker, queue


def test_a_queued_sms_reaches_notify_with_its_text_and_reference(notify_app, fake_notify):
    [message_id] = queue(notify_app)
    counts = make_worker(notify_app).drain()

    message = load(notify_app, message_id)
    [got] = fake_notify.received
    assert (got["channel"], got["to"], got["reference"]) == ("sms", "+31612345678", message.reference)
    assert got["personalisation"] == {"subject": "", "body": "Bericht 0: we belden u."}
    assert got["template_id"] == fake_notify.templates["sms"]
    assert (message.state, message.notify_id, message.attempts) == (MessageState.SENT, got["id"], 1)
    assert message.sent_at is not None and message.lease_token is None
    assert counts.sent == 1


def test_an_email_goes_with_its_subject_and_a_kind_with_its_own_template(notify_app, fake_notify):
    own = "5a3f7c2e-0b1d-4e6f-8a9b-1c2d3e4f5a6b"
    fake_notify.templates["confirmation.email"] = own
    notify_app.config["NOTIFY_TEMPLATE_IDS"]["confirmation.email"] = own
    queue(notify_app, channel=MessageChannel.EMAIL, to="jan@example.nl", kind=MessageKind.CONFIRMATION)
    queue(notify_app, channel=MessageChannel.EMAIL, to="piet@example.nl")
    make_worker(notify_app).drain()

    by_address = {got["to"]: got for got in fake_notify.received}
    assert by_address["jan@example.nl"]["template_id"] == own
    assert by_address["jan@example.nl"]["personalisation"]["subject"] == "Gemeente"
    assert by_address["piet@example.nl"]["template_id"] == fake_notify.templates["email"]


@pytest.mark.parametrize(("failure", "error"), [(500, "500 Exception: Internal server error"),
                                                (429, "429 RateLimitError"), (HANG, "time-out")])
def test_a_temporary_failure_is_tried_again_later_with_a_longer_wait(notify_app, fake_notify, failure, error):
    [message_id] = queue(notify_app)
    clock = Clock()
    worker = make_worker(notify_app, clock)
    fake_notify.fail_next(failure, 2)

    worker.run_once()
    first = load(notify_app, message_id)
    assert (first.state, first.attempts) == (MessageState.QUEUED, 1)
    assert first.error.startswith(error) and "+3161" not in first.error
    assert timedelta(seconds=30) <= first.next_attempt_at - clock.now <= timedelta(seconds=33)

    clock.advance(seconds=20)
    assert worker.run_once().claimed == 0  # not due yet: Notify is left alone
    assert fake_notify.requests == 1

    clock.advance(seconds=15)
    worker.run_once()
    second = load(notify_app, message_id)
    assert second.attempts == 2
    assert timedelta(seconds=60) <= second.next_attempt_at - clock.now <= timedelta(seconds=66)

    clock.advance(seconds=70)
    worker.run_once()
    sent = load(notify_app, message_id)
    assert (sent.state, sent.attempts, sent.error) == (MessageState.SENT, 3, None)
    assert [got["reference"] for got in fake_notify.received] == [sent.reference]


def test_an_invalid_number_is_rejected_at_once_and_never_tried_again(notify_app, fake_notify):
    [message_id] = queue(notify_app, to="06-12")
    clock = Clock()
    worker = make_worker(notify_app, clock)
    worker.drain()
    clock.advance(days=1)
    worker.drain()

    message = load(notify_app, message_id)
    assert (message.state, message.attempts) == (MessageState.REJECTED, 1)
    assert message.error == "400 ValidationError: phone_number Not enough digits"
    assert fake_notify.requests == 1


def test_a_refused_key_rejects_the_message_with_an_error_that_holds_no_text(notify_app, fake_notify):
    [message_id] = queue(notify_app)
    fake_notify.fail_next(403)
    make_worker(notify_app).drain()

    message = load(notify_app, message_id)
    assert message.state == MessageState.REJECTED
    assert message.error.startswith("403 AuthError")
    assert "Bericht" not in message.error and "3161" not in message.error


def test_after_the_maximum_of_attempts_the_worker_gives_up(notify_app, fake_notify):
    [message_id] = queue(notify_app)
    clock = Clock()
    worker = make_worker(notify_app, clock, backoff=Backoff(max_attempts=3))
    fake_notify.fail_next(500, 5)
    for _ in range(5):
        worker.run_once()
        clock.advance(hours=2)

    message = load(notify_app, message_id)
    assert (message.state, message.attempts) == (MessageState.GAVE_UP, 3)
    assert message.state_at is not None
    assert fake_notify.requests == 3


def test_a_killed_workers_message_is_sent_by_another_once_its_lease_ends_and_not_before(notify_app, fake_notify):
    [message_id] = queue(notify_app)
    clock = Clock()
    killed = make_worker(notify_app, clock)
    with notify_app.extensions["db_sessionmaker"]() as session:
        _token, _until, [claimed] = killed.claim(session)  # and then the process dies
    assert claimed.id == message_id

    other = make_worker(notify_app, clock)
    clock.advance(seconds=LEASE.total_seconds() - 1)
    assert other.drain().sent == 0
    assert fake_notify.received == []

    clock.advance(seconds=2)
    assert other.drain().sent == 1
    assert load(notify_app, message_id).state == MessageState.SENT
    assert len(fake_notify.received) == 1


def test_a_worker_whose_lease_runs_short_hands_the_rest_back_unsent(notify_app, fake_notify):
    ids = queue(notify_app, 3)
    clock = Clock()
    # A lease shorter than one send's worst time: nothing may be started under it.
    worker = make_worker(notify_app, clock, lease=timedelta(seconds=2))
    assert worker.run_once().claimed == 3
    assert fake_notify.received == []
    assert all(load(notify_app, i).lease_token is None for i in ids)  # free for another at once
    assert make_worker(notify_app, clock).drain().sent == 3


def test_two_workers_draining_one_queue_send_every_message_exactly_once(notify_app, fake_notify):
    ids = queue(notify_app, 300)
    workers = [make_worker(notify_app, batch=10) for _ in range(2)]
    start, totals = threading.Barrier(2), []

    def run(worker):
        start.wait()
        totals.append(worker.drain())

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    references = Counter(got["reference"] for got in fake_notify.received)
    assert len(references) == 300 and set(references.values()) == {1}
    assert sorted(t.sent for t in totals) and sum(t.sent for t in totals) == 300
    assert {load(notify_app, i).state for i in ids} == {MessageState.SENT}


def test_a_message_not_due_yet_is_not_sent_early(notify_app, fake_notify):
    clock = Clock()
    [message_id] = queue(notify_app, not_before=clock.now + timedelta(days=1), kind=MessageKind.APPOINTMENT_REMINDER)
    worker = make_worker(notify_app, clock)
    assert worker.drain().sent == 0
    clock.advance(hours=23, minutes=59)
    assert worker.drain().sent == 0
    assert fake_notify.requests == 0

    clock.advance(minutes=2)
    assert worker.drain().sent == 1
    assert load(notify_app, message_id).state == MessageState.SENT


def test_the_log_has_counts_but_no_address_or_text(notify_app, fake_notify, caplog):
    caplog.set_level(logging.DEBUG)
    queue(notify_app, 2)
    queue(notify_app, to="06-12")
    stop = threading.Event()
    worker = make_worker(notify_app)
    thread = threading.Thread(target=worker.run_forever, args=(stop, 0.05))
    thread.start()
    while fake_notify.requests < 3:
        stop.wait(0.05)
    stop.set()
    thread.join(timeout=10)

    assert "2 sent" in caplog.text and "1 rejected" in caplog.text
    assert "612345678" not in caplog.text and "Bericht" not in caplog.text


def test_a_queued_letter_stays_untouched_for_the_municipality_to_print(notify_app, fake_notify):
    """Notify sends no letters here: a worker that claimed one would send the address as a text, or give it up."""
    [letter] = queue(notify_app, channel=MessageChannel.LETTER, to="Dorpsstraat 1\n2651 AB Berkel",
                     kind=MessageKind.CONFIRMATION)
    [sms] = queue(notify_app)
    counts = make_worker(notify_app).drain()

    assert [got["channel"] for got in fake_notify.received] == ["sms"]
    assert (counts.claimed, counts.sent, load(notify_app, sms).state) == (1, 1, MessageState.SENT)
    untouched = load(notify_app, letter)
    assert (untouched.state, untouched.attempts, untouched.lease_token, untouched.notify_id, untouched.sent_at) == \
        (MessageState.QUEUED, 0, None, None, None)
