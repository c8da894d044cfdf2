"""An app that sends through the fake Notify service, and workers against it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.db import transaction, utcnow
from portal.domain.messages import MessageChannel, MessageKind
from portal.messaging.notify_transport import NotifySettings, NotifyTransport
from portal.messaging.worker import Worker
from portal.services import outbox
from tests.conftest import empty_database, make_test_app

# Long enough for loopback, short enough that a hanging fake costs the test half a second.
TEST_TIMEOUT = 0.5


@pytest.fixture
def notify_app(migrated_database, tmp_path, fake_notify):
    app = make_test_app(migrated_database, tmp_path, **fake_notify.config())
    yield app
    empty_database(app)


class Clock:
    """The worker's idea of now, moved on by the test (a retry due in a minute is tried without waiting)."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def make_worker(app, clock=utcnow, **options) -> Worker:
    transport = NotifyTransport(NotifySettings.from_config(app.config, timeout=TEST_TIMEOUT))
    return Worker(app.extensions["db_sessionmaker"], transport, clock=clock, **options)


def queue(app, count: int = 1, *, channel=MessageChannel.SMS, to: str = "+31612345678",
          kind=MessageKind.TRIED_TO_CALL, not_before=None) -> list[int]:
    """Queues messages as a service would, committed; returns their ids."""
    session = app.extensions["db_sessionmaker"]()
    with transaction(session):
        messages = [outbox.enqueue(session, kind=kind, channel=channel, to=to, body=f"Bericht {n}: we belden u.",
                                   subject="Gemeente" if channel == MessageChannel.EMAIL else None,
                                   not_before=not_before)
                    for n in range(count)]
    session.close()
    return [m.id for m in messages]


def load(app, message_id: int):
    from portal.models import OutboxMessage

    session = app.extensions["db_sessionmaker"]()
    try:
        return session.get(OutboxMessage, message_id)
    finally:
        session.close()
