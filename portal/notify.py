"""Sending e-mail and text messages behind one interface.

Development and tests never send: messages wait in the outbox."""

from __future__ import annotations

from typing import Protocol

from flask import current_app
from sqlalchemy.orm import Session

from portal.db import transaction
from portal.models import OutboxMessage


class Notifier(Protocol):
    def send_email(self, to: str, subject: str, body: str) -> None: ...

    def send_sms(self, to: str, body: str) -> None: ...


class OutboxNotifier:
    """Writes each message to the outbox table and logs that it did (not what it said: that is personal data)."""

    def __init__(self, session: Session):
        self.session = session

    def _queue(self, channel: str, to: str, subject: str | None, body: str) -> None:
        with transaction(self.session):
            message = OutboxMessage(channel=channel, recipient=to, subject=subject, body=body)
            self.session.add(message)
        current_app.logger.info("outbox: queued %s message #%s", channel, message.id)

    def send_email(self, to: str, subject: str, body: str) -> None:
        self._queue("email", to, subject, body)

    def send_sms(self, to: str, body: str) -> None:
        self._queue("sms", to, None, body)


def get_notifier(session: Session) -> Notifier | None:
    """None when nothing can be sent: the pages then do not offer to send (a promise we could not keep).
    A real e-mail/SMS gateway plugs in here as another NOTIFIER value."""
    if current_app.config["NOTIFIER"] == "outbox":
        return OutboxNotifier(session)
    return None
