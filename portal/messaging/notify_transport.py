"""Hands one outbox message to Notify (NotifyNL or GOV.UK Notify) through the official client.

Our texts are rendered and translated before they are queued; Notify gets them as personalisation of a template
that holds nothing but ((subject)) and ((body)). The reference we send is the row's random uuid, never personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.domain.messages import MessageChannel
from portal.models import OutboxMessage
from portal.rules.message_retry import Outcome, classify, safe_error

if TYPE_CHECKING:
    from notifications_python_client.errors import APIError

# Notify answers in well under a second; a worker waiting longer holds its lease for nothing.
TIMEOUT_SECONDS = 5.0


class SendError(Exception):
    """Notify did not take the message. `text` is safe to store (no recipient, no body)."""

    def __init__(self, outcome: Outcome, text: str):
        super().__init__(text)
        self.outcome = outcome
        self.text = text


@dataclass(frozen=True)
class NotifySettings:
    base_url: str
    api_key: str
    template_ids: dict[str, str]
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def from_config(cls, config, timeout: float = TIMEOUT_SECONDS) -> NotifySettings:
        return cls(config["NOTIFY_BASE_URL"], config["NOTIFY_API_KEY"], dict(config["NOTIFY_TEMPLATE_IDS"]), timeout)


class NotifyTransport:
    """One per worker thread: the client keeps a requests session and is not thread-safe."""

    def __init__(self, settings: NotifySettings):
        # Imported here: only `flask send-messages` sends. The web workers, which import this module through the
        # CLI commands, are 7 MiB smaller without the client, requests and PyJWT (scripts/bench_http.py's RSS).
        from notifications_python_client import NotificationsAPIClient

        self.settings = settings
        self.client = NotificationsAPIClient(settings.api_key, base_url=settings.base_url, timeout=settings.timeout)

    def template_id(self, message: OutboxMessage) -> str:
        ids = self.settings.template_ids
        return ids.get(f"{message.kind}.{message.channel}") or ids[message.channel]

    def send(self, message: OutboxMessage) -> str:
        """Notify's id for the message, or SendError."""
        from notifications_python_client.errors import APIError

        personalisation = {"subject": message.subject or "", "body": message.body}
        try:
            if message.channel == MessageChannel.SMS:
                answer = self.client.send_sms_notification(
                    phone_number=message.recipient, template_id=self.template_id(message),
                    personalisation=personalisation, reference=message.reference)
            else:
                answer = self.client.send_email_notification(
                    email_address=message.recipient, template_id=self.template_id(message),
                    personalisation=personalisation, reference=message.reference)
        except APIError as exc:
            raise _send_error(exc, message) from None
        try:
            return str(answer["id"])
        except (TypeError, KeyError):
            # A 2xx without an id: Notify may well have taken it; trying again risks one duplicate, which is
            # better than a message that never goes.
            raise SendError(Outcome.TEMPORARY, "answer without an id") from None


def _send_error(exc: APIError, message: OutboxMessage) -> SendError:
    import requests

    cause = exc.__cause__
    if exc.response is None:
        kind = "time-out" if isinstance(cause, requests.Timeout) else "connection error"
        return SendError(Outcome.TEMPORARY, kind)
    status = exc.status_code
    reasons = exc.message
    if isinstance(reasons, list):  # Notify's {"errors": [{"error": ..., "message": ...}], "status_code": ...}
        reasons = "; ".join(f"{e.get('error', '')}: {e.get('message', '')}" for e in reasons if isinstance(e, dict))
    text = safe_error(f"{status} {reasons}", hide=(message.recipient, message.body, message.subject or ""))
    return SendError(classify(status), text)
