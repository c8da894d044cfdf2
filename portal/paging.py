"""One reader for the page number in a URL (?pagina=3), with bounds, for every paginated view."""

from __future__ import annotations

from flask import abort, request

MAX_PAGE = 10_000  # far beyond any real list; a bigger number is a typo or a probe, never a page


def page_number(name: str = "pagina") -> int:
    """The page asked for, from 1 to MAX_PAGE. Missing or empty is page 1; anything else is 'no such page' (404),
    so a huge number never reaches the database as an offset it cannot hold."""
    raw = request.args.get(name, "")
    if raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)
