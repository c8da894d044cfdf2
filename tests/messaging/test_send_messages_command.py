"""`flask send-messages`: the worker's command."""

from __future__ import annotations

from portal.domain.messages import MessageState
from tests.messaging.conftest import load, queue


def test_once_sends_what_is_due_and_stops(notify_app, fake_notify):
    [message_id] = queue(notify_app)
    result = notify_app.test_cli_runner().invoke(args=["send-messages", "--once", "--batch", "5"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert load(notify_app, message_id).state == MessageState.SENT
    assert len(fake_notify.received) == 1


def test_without_notify_the_command_says_so_and_fails(app, tmp_path):
    [message_id] = queue(app)
    result = app.test_cli_runner().invoke(args=["send-messages", "--once"])
    assert result.exit_code != 0
    assert "NOTIFIER is 'outbox'" in result.output
    assert load(app, message_id).state == MessageState.QUEUED
