from pathlib import Path

import pytest
from argon2 import extract_parameters, profiles

from portal import create_app, passwords
from portal.config import ConfigError
from tests.conftest import ROOT, make_test_app

# Everything production requires; each test that builds a production app starts from this.
PRODUCTION = {"SECRET_KEY": "x" * 64, "PUBLIC_BASE_URL": "https://hulp.gemeente.example",
              "TRUSTED_HOSTS": "hulp.gemeente.example", "SECURITY_CONTACT": "mailto:security@gemeente.example",
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/9"}


def _production_app(monkeypatch, tmp_path, **changes):
    monkeypatch.setenv("PORTAL_ENV", "production")
    for name in (*PRODUCTION, "REDIS_URL", "RATELIMIT_SINGLE_WORKER"):
        monkeypatch.delenv(name, raising=False)
    config = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", **changes}
    return create_app({k: v for k, v in config.items() if v is not None})


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
    app = _production_app(monkeypatch, tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    chosen = app.test_client().get("/taal/en", base_url="https://hulp.gemeente.example")
    assert chosen.headers["Set-Cookie"].startswith("__Host-lang=en") and "Secure" in chosen.headers["Set-Cookie"]
    response = app.test_client().get("/healthz", base_url="https://hulp.gemeente.example")
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


@pytest.mark.parametrize("setting", ["PUBLIC_BASE_URL", "TRUSTED_HOSTS", "SECURITY_CONTACT"])
def test_production_refuses_to_start_without_each_address_setting(monkeypatch, tmp_path, setting):
    """Finding 12.7: without a configured address, links would be built from the Host header; without a contact,
    security.txt would name a placeholder."""
    with pytest.raises(ConfigError, match=f"{setting} is not set"):
        _production_app(monkeypatch, tmp_path, **{setting: None})


def test_production_refuses_the_placeholder_security_contact_and_a_host_it_does_not_trust(monkeypatch, tmp_path):
    """Finding 12.7: the placeholder is no contact; the public address must be one of the trusted hosts."""
    with pytest.raises(ConfigError, match="SECURITY_CONTACT is the placeholder"):
        _production_app(monkeypatch, tmp_path, SECURITY_CONTACT="mailto:security@example.org")
    with pytest.raises(ConfigError, match="not in TRUSTED_HOSTS"):
        _production_app(monkeypatch, tmp_path, PUBLIC_BASE_URL="https://evil.example")
    with pytest.raises(ConfigError, match="https://"):
        _production_app(monkeypatch, tmp_path, PUBLIC_BASE_URL="http://hulp.gemeente.example")


def test_production_security_txt_names_the_configured_contact(monkeypatch, tmp_path):
    """Finding 12.7."""
    body = _production_app(monkeypatch, tmp_path).test_client().get(
        "/.well-known/security.txt", base_url="https://hulp.gemeente.example").get_data(as_text=True)
    assert body.startswith("Contact: mailto:security@gemeente.example\n")


def test_production_refuses_rate_limits_in_memory_unless_it_runs_one_worker(monkeypatch, tmp_path):
    """Finding 12.6: each worker would keep its own count (24 of 35 guesses got through a limit of 5)."""
    with pytest.raises(ConfigError, match="REDIS_URL"):
        _production_app(monkeypatch, tmp_path, RATELIMIT_STORAGE_URI=None)
    one_worker = _production_app(monkeypatch, tmp_path, RATELIMIT_STORAGE_URI=None, RATELIMIT_SINGLE_WORKER="1")
    assert one_worker.config["RATELIMIT_STORAGE_URI"] == "memory://"


def _gunicorn_config(monkeypatch, **environ) -> dict:
    for name in ("REDIS_URL", "RATELIMIT_STORAGE_URI", "RATELIMIT_SINGLE_WORKER", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_ENV", "production")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)  # noqa: S102  (our own config file)
    return config


def test_gunicorn_refuses_several_workers_with_rate_limits_in_memory(monkeypatch):
    """Finding 12.6: gunicorn checks its real worker count against memory:// storage."""
    with pytest.raises(ConfigError, match="REDIS_URL"):
        _gunicorn_config(monkeypatch, WEB_CONCURRENCY="4")
    with pytest.raises(ConfigError, match="4 workers"):
        _gunicorn_config(monkeypatch, WEB_CONCURRENCY="4", RATELIMIT_SINGLE_WORKER="1")
    single = _gunicorn_config(monkeypatch, RATELIMIT_SINGLE_WORKER="1")
    assert single["workers"] == 1

    class Server:  # `gunicorn -w 3` overrides the file: the hook sees the count gunicorn really uses
        class cfg:  # noqa: N801
            workers = 3

    with pytest.raises(ConfigError, match="3 workers"):
        single["on_starting"](Server)
    with pytest.raises(ConfigError, match="2 workers"):
        single["nworkers_changed"](Server, 2, 1)
    shared = _gunicorn_config(monkeypatch, WEB_CONCURRENCY="4", REDIS_URL="redis://127.0.0.1:6379")
    shared["on_starting"](Server)  # shared counts: any number of workers


def test_production_refuses_the_test_only_password_profile(monkeypatch, tmp_path):
    """A production app with weak argon2 hashes would let a stolen dump give up staff passwords in minutes."""
    with pytest.raises(ConfigError, match="test suite only"):
        _production_app(monkeypatch, tmp_path, PASSWORD_HASH_PROFILE=passwords.TEST_ONLY_WEAK)


def test_development_refuses_the_test_only_password_profile(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    with pytest.raises(ConfigError, match="test suite only"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                    "PASSWORD_HASH_PROFILE": passwords.TEST_ONLY_WEAK})


def test_production_hashes_staff_passwords_at_full_strength(monkeypatch, tmp_path):
    """The test apps hash weakly (tests/conftest.py); an app built after one of them must not inherit that."""
    make_test_app(f"sqlite:///{tmp_path / 'weak.sqlite3'}", tmp_path)
    weak = passwords.hasher().hash("een wachtwoord")
    _production_app(monkeypatch, tmp_path)
    strong = passwords.hasher().hash("een wachtwoord")
    assert (extract_parameters(weak).time_cost, extract_parameters(weak).memory_cost) == (1, 8)
    assert extract_parameters(strong) == profiles.RFC_9106_LOW_MEMORY


def test_production_has_no_development_outbox_page(monkeypatch, tmp_path):
    endpoints = {rule.endpoint for rule in _production_app(monkeypatch, tmp_path).url_map.iter_rules()}
    assert "dev.show_outbox" not in endpoints and "resident.show_signup_intro" in endpoints


NOTIFY = {"NOTIFIER": "notify", "NOTIFY_API_KEY": "test-" + "1" * 36 + "-" + "2" * 36,
          "NOTIFY_CALLBACK_TOKEN": "t" * 32, "NOTIFY_TEMPLATE_IDS": {"sms": "a", "email": "b"}}


@pytest.mark.parametrize("missing", ["NOTIFY_API_KEY", "NOTIFY_CALLBACK_TOKEN", "NOTIFY_TEMPLATE_IDS"])
def test_sending_through_notify_refuses_to_start_without_what_it_needs(monkeypatch, tmp_path, missing):
    with pytest.raises(ConfigError, match="NOTIFIER=notify"):
        _production_app(monkeypatch, tmp_path, **{**NOTIFY, missing: {} if missing == "NOTIFY_TEMPLATE_IDS" else None})
    assert _production_app(monkeypatch, tmp_path, **NOTIFY).config["NOTIFIER"] == "notify"


def test_a_template_setting_that_is_not_json_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", "sms=abc")
    with pytest.raises(ConfigError, match="NOTIFY_TEMPLATE_IDS is not JSON"):
        _production_app(monkeypatch, tmp_path)
