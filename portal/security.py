"""Response headers every page carries, and safe redirects."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from markupsafe import Markup

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


def _set_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        # Phones are shared: the back button must not show someone else's answers from the cache.
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def public_url(path: str) -> str:
    """An absolute link for messages, from the configured public address, never from the request's Host header."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick, no backslashes."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def init_app(app: Flask) -> None:
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
