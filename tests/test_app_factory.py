from pathlib import Path

import pytest

from portal import create_app
from portal.config import ConfigError


def test_production_without_secret_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})


def test_development_generates_a_secret_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    second = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert len(first.config["SECRET_KEY"]) >= 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    key_file = Path(first.instance_path) / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0, "the secret must not be readable by others"


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    app = create_app({"SECRET_KEY": "x" * 64, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    chosen = app.test_client().get("/taal/en", base_url="https://hulp.example")
    assert chosen.headers["Set-Cookie"].startswith("__Host-lang=en") and "Secure" in chosen.headers["Set-Cookie"]
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "testing")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'from-env.sqlite3'}")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["DATABASE_URL"].endswith("from-env.sqlite3")


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "prod")
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        create_app({"SECRET_KEY": "x"})
