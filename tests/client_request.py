"""One way for a test to ask for a page: by endpoint name, with a valid CSRF token, the status checked, the page parsed.

Modelled on the `client_request` fixture of alphagov/notifications-admin. A test says what the user does and what they
should get (`client_request.post("staff.add_case_note", case_id=3, _data={"text": "Gebeld"})`); the token, the URL and
the "expected 302, got 400" message are handled here once instead of in nine helpers.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from bs4 import BeautifulSoup
from flask import url_for
from itsdangerous import URLSafeTimedSerializer

from portal.csrf_masking import mask

# Flask-WTF's own names: the raw token lives in the session under this key, signed with this salt.
CSRF_SESSION_KEY, CSRF_SALT = "csrf_token", "wtf-csrf-token"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


class ClientRequest:
    def __init__(self, client):
        self.client = client
        self.response = None  # the last response, for headers and cookies

    def url(self, endpoint: str, **values) -> str:
        with self.client.application.test_request_context():
            return url_for(endpoint, **values)

    def csrf_token(self) -> str:
        """The token a form on any page of this browser's session carries: Flask-WTF signs the session's raw token, and
        the portal masks it afresh for each page (portal/csrf_masking.py)."""
        with self.client.session_transaction() as session:
            raw = session.setdefault(CSRF_SESSION_KEY, hashlib.sha1(os.urandom(64)).hexdigest())
        app = self.client.application
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        return mask(URLSafeTimedSerializer(secret, salt=CSRF_SALT).dumps(raw))

    def open(self, method: str, endpoint: str, *, _data: dict | None = None, _csrf: bool = True,
             _follow_redirects: bool = False, _address: str | None = None, **values):
        """The raw response, no status check: for tables that compare many statuses at once. Other values than the
        route's parameters become the query string (url_for); `_address` is the visitor's IP address."""
        data = dict(_data or {})
        if method != "GET" and _csrf:
            data.setdefault("csrf_token", self.csrf_token())
        extra = {"environ_base": {"REMOTE_ADDR": _address}} if _address else {}
        self.response = self.client.open(self.url(endpoint, **values), method=method, data=data or None,
                                         follow_redirects=_follow_redirects, **extra)
        return self.response

    def _checked(self, method: str, endpoint: str, expected_status: int, expected_redirect: str | None, **kwargs):
        response = self.open(method, endpoint, **kwargs)
        where = f"{method} {response.request.path}"
        assert response.status_code == expected_status, (
            f"{where}: expected {expected_status}, got {response.status_code}"
            + (f" to {response.headers.get('Location')}" if response.status_code in (301, 302, 303) else "")
            + "".join(f"\n  error: {e.get_text(' ', strip=True)}" for e in parse(response).select(".error")))
        if expected_redirect is not None:
            assert response.headers.get("Location") == expected_redirect, (
                f"{where}: expected a redirect to {expected_redirect}, got {response.headers.get('Location')}")
        return parse(response)

    def get(self, endpoint: str, *, _expected_status: int = 200, _expected_redirect: str | None = None,
            _follow_redirects: bool = False, **values) -> BeautifulSoup:
        return self._checked("GET", endpoint, _expected_status, _expected_redirect,
                             _follow_redirects=_follow_redirects, **values)

    def post(self, endpoint: str, *, _data: dict | None = None, _expected_status: int | None = None,
             _expected_redirect: str | None = None, _follow_redirects: bool = False, _csrf: bool = True,
             **values) -> BeautifulSoup:
        """By default a POST must redirect (302), or end on a 200 page when redirects are followed."""
        if _expected_status is None:
            _expected_status = 200 if _follow_redirects else 302
        return self._checked("POST", endpoint, _expected_status, _expected_redirect, _data=_data, _csrf=_csrf,
                             _follow_redirects=_follow_redirects, **values)


@pytest.fixture
def client_request(client) -> ClientRequest:
    return ClientRequest(client)
