"""`flask send-messages`: the worker's command."""

from __future__ import annotations

import pytest

from portal.db import utcnow
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


@pytest.mark.parametrize(("options", "first_wait"), [([], 30), (["--first-retry-seconds", "0.5"], 0.5)])
def test_the_first_retry_waits_30_seconds_unless_told_otherwise(notify_app, fake_notify, options, first_wait):
    # The benchmark lowers it to drain retries quickly; production keeps Backoff's 30 s.
    [message_id] = queue(notify_app)
    fake_notify.fail_next(500)
    before = utcnow()
    result = notify_app.test_cli_runner().invoke(args=["send-messages", "--once", *options])
    assert result.exit_code == 0, result.output
    assert "1 to retry" in result.output
    wait = (load(notify_app, message_id).next_attempt_at - before).total_seconds()
    assert first_wait <= wait <= first_wait * 1.1 + 1
