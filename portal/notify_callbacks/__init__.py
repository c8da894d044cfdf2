"""Notify's delivery receipts (a machine's call, neither resident nor staff): POST /notify/ontvangstbevestiging.

Notify sends `Authorization: Bearer <NOTIFY_CALLBACK_TOKEN>` and retries a callback that did not get a 2xx, every 5
minutes up to 5 times. An unknown message is answered 404 on purpose: a receipt can overtake the worker's commit of
Notify's id (Notify delivers within seconds), and the retry then finds it.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, request

from portal.db import get_session
from portal.extensions import csrf, limiter
from portal.security_log import security_event
from portal.services import delivery

bp = Blueprint("notify_callbacks", __name__, url_prefix="/notify")

MAX_BODY = 4 * 1024  # a receipt is a few hundred bytes
_TEXT_FIELDS = ("id", "reference", "status")


def _authorised(expected: str) -> bool:
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


def _receipt() -> dict:
    """The receipt's JSON, or a 400: too long, not JSON, not an object, or a field that is not a short text."""
    if request.content_length is None or request.content_length > MAX_BODY:
        abort(400 if request.content_length is None else 413)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not all(isinstance(payload.get(name, ""), str) and
                                                len(payload.get(name, "")) <= 100 for name in _TEXT_FIELDS):
        abort(400)
    return payload


@bp.post("/ontvangstbevestiging")
@csrf.exempt  # a machine's call with its own bearer token; there is no browser session to forge
@limiter.limit("1200 per minute")
def receive_receipt():
    expected = current_app.config.get("NOTIFY_CALLBACK_TOKEN")
    if not expected:
        abort(404)  # this deployment does not take receipts
    if not _authorised(expected):
        security_event("notify_callback", "bad_token")
        return {"error": "unauthorised"}, 401
    payload = _receipt()
    if not payload.get("id"):
        abort(400)
    try:
        result = delivery.record_receipt(get_session(), notify_id=payload["id"], reference=payload.get("reference"),
                                         status=payload.get("status", ""))
    except delivery.UnknownStatus:
        abort(400)
    if result == delivery.Receipt.UNKNOWN:
        return {"result": "unknown"}, 404
    return {"result": str(result)}, 200
