"""Request bodies larger than the portal's 64 KB: only for the routes named here, each with its own limit.

Registered before CSRFProtect, which reads the form first: the limit must be raised before anything reads the body.
A larger body on any other route still gets the 413 page.
"""

from __future__ import annotations

from flask import Flask, request

# A file of 50 000 signals (a large city's year) in our CSV is about 12 MB; docs/early-warning-import.md.
SIGNAL_FILE_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_LIMITS = {"staff.import_signals": SIGNAL_FILE_MAX_BYTES}


def _raise_limit() -> None:
    limit = UPLOAD_LIMITS.get(request.endpoint or "")
    if limit is not None and request.method == "POST":
        request.max_content_length = limit


def init_app(app: Flask) -> None:
    app.before_request(_raise_limit)
