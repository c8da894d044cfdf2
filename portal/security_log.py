"""Security log lines: action, object, result, origin, actor and time. No personal data or secrets.

'origin' is the route that handled the request, not an IP address: an address is personal data and is kept nowhere.
The actor is a staff member's internal id, never a name or e-mail address.
"""

from __future__ import annotations

import json

import click
from flask import current_app, has_request_context, request

from portal.db import utcnow


def security_event(action: str, result: str, *, actor: int | None = None, obj: str | None = None) -> None:
    """One line. Outside a request (a flask command) the origin is the command, e.g. "cli unlock-staff"."""
    line = {"time": utcnow().isoformat(timespec="seconds"), "action": action, "result": result, "actor": actor,
            "object": obj, "origin": _origin()}
    current_app.logger.warning("security %s", json.dumps(line, sort_keys=True))


def _origin() -> str | None:
    if has_request_context():
        return f"{request.method} {request.endpoint}"
    command = click.get_current_context(silent=True)
    return f"cli {command.info_name}" if command else None
