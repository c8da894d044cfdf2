"""Response headers every page carries, and safe redirects."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from markupsafe import Markup
from werkzeug.routing import IntegerConverter

# The resident stylesheet goes inside every page: a phone on a slow line paints after one round trip instead of two
# (scripts/bench_fcp.py). The policy allows exactly this text by its hash, never inline styles in general.
INLINE_CSS = (Path(__file__).resolve().parent.parent / "static" / "css" / "portal.css").read_text(encoding="utf-8")
INLINE_CSS_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(INLINE_CSS.encode()).digest()).decode() + "'"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {INLINE_CSS_HASH}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)


# C0 control characters and DEL: never in a real link. In a database text (NUL), a header (CR/LF) or a log line.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# PostgreSQL's integer column: a bigger id in a path is not a page that can exist.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """<int:...> in every route: 1 to MAX_ID, so a huge number is a 404 here, not an overflow in the database."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # werkzeug's parameter names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _refuse_control_characters() -> None:
    """One guard for every route, before any view or query: a path with a control character is no page (404), a
    query string with one is a request we cannot read (400). Form text is cleaned by PortalForm instead (a pasted
    NUL in a textarea is removed, not refused)."""
    if CONTROL_CHARACTERS.search(request.path):
        abort(404)
    for key, value in request.args.items(multi=True):
        if CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value):
            abort(400)


_EVERY_RESPONSE = (
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    for name, value in _EVERY_RESPONSE:
        headers[name] = value
    if not request.path.startswith("/static/") and not response.cache_control.public:
        # Public files (the icon) say so themselves. Phones are shared: the back button must not show someone
        # else's answers from the cache.
        headers["Cache-Control"] = "no-store"
        if "Vary" in headers:
            response.vary.update(("Cookie", "Accept-Language"))
        else:  # most pages: written at once instead of parsed and joined
            headers["Vary"] = "Cookie, Accept-Language"
    return response


def public_url(path: str) -> str:
    """An absolute link for messages, from the configured public address, never from the request's Host header."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick, no backslashes, and no control
    characters (CR/LF would split the Location header)."""
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or CONTROL_CHARACTERS.search(target)):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def init_app(app: Flask) -> None:
    """Called before the blueprints are registered: their <int:...> rules use the bounded converter."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_refuse_control_characters)
    app.after_request(_set_headers)
    app.jinja_env.globals["inline_css"] = Markup(INLINE_CSS)  # our own file, never user input
    if app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [h.strip() for h in app.config["TRUSTED_HOSTS"].split(",") if h.strip()]
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    if app.config["PORTAL_ENV"] == "production":
        @app.after_request
        def _hsts(response: Response) -> Response:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            return response
