"""Security log lines: action, object, result, origin, actor and time. No personal data or secrets.

'origin' is the route that handled the request, not an IP address: an address is personal data and is kept nowhere.
The actor is a staff member's internal id, never a name or e-mail address.
"""

from __future__ import annotations

import json

from flask import current_app, request

from portal.db import utcnow


def security_event(action: str, result: str, *, actor: int | None = None, obj: str | None = None) -> None:
    line = {"time": utcnow().isoformat(timespec="seconds"), "action": action, "result": result, "actor": actor,
            "object": obj, "origin": f"{request.method} {request.endpoint}" if request else None}
    current_app.logger.warning("security %s", json.dumps(line, sort_keys=True))
