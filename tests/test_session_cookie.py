"""portal/session_cookie.py keeps one serializer per set of keys: the cookie must stay Flask's own, and a new key or
fallback (a key rotation) must count at once."""

from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface

from portal.session_cookie import SignedCookieSessions


def _app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "first key"
    app.session_interface = SignedCookieSessions()

    @app.get("/remember")
    def remember():
        session["choice"] = "lochem"
        return "ok"

    @app.get("/recall")
    def recall():
        return session.get("choice", "nothing")

    return app


def test_the_cookie_is_the_one_flask_itself_reads():
    app = _app()
    client = app.test_client()
    client.get("/remember")
    cookie = client.get_cookie("session").value
    assert SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie) == {"choice": "lochem"}
    assert client.get("/recall").get_data(as_text=True) == "lochem"


def test_a_new_key_counts_at_once_and_a_fallback_keeps_old_cookies():
    app = _app()
    client = app.test_client()
    client.get("/remember")
    app.secret_key = "second key"
    assert client.get("/recall").get_data(as_text=True) == "nothing"  # signed with a key no longer trusted
    app.config["SECRET_KEY_FALLBACKS"] = ["first key"]
    assert client.get("/recall").get_data(as_text=True) == "lochem"
