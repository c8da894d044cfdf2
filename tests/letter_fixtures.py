"""Letters in the outbox, queued the way the sign-up queues one (services/outbox.enqueue, channel letter)."""

from __future__ import annotations

from portal.db import transaction
from portal.domain.messages import MessageChannel, MessageKind
from portal.services import outbox

ADDRESS = "Dorpsstraat 1\n2651 AB Berkel en Rodenrijs"


def queue_letter(session, case, *, language: str = "nl", subject: str = "Uw aanmelding bij gemeente Lansingerland",
                 body: str | None = None, kind=MessageKind.CONFIRMATION):
    body = body or f"Wij hebben uw aanmelding ontvangen. Uw nummer is {case.reference}."
    with transaction(session):
        message = outbox.enqueue(session, kind=kind, channel=MessageChannel.LETTER,
                                 to=case.postal_address or ADDRESS, subject=subject, body=body, language=language,
                                 aanmelding_id=case.id)
    return message
