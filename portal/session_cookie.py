"""Flask's signed session cookie, with its serializer made once per set of keys instead of at every request.

Flask builds a new URLSafeTimedSerializer to read the cookie and another to write it, and itsdangerous tries each
new one out by serializing an empty dict: 5 % of a page served from memory (issue 19). A serializer holds only its
keys and settings, so one per set of keys serves every request and thread. The cookie is the same, byte for byte."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignedCookieSessions(SecureCookieSessionInterface):
    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed on the keys: a changed SECRET_KEY or fallback list (a key rotation, a test) gets its own serializer.
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializers = app.extensions.setdefault("portal_session_serializers", {})
        if keys not in serializers:
            serializers[keys] = super().get_signing_serializer(app)
        return serializers[keys]
