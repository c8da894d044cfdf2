"""Configuration from the environment. Secrets never live in the repository."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from portal import blind_index, passwords
from portal.encryption import EncryptionKeyError, new_key, parse_keys

SUPPORTED_LOCALES = ("nl", "en", "ar", "ti", "uk", "tr", "pl")
PLACEHOLDER_SECURITY_CONTACT = "mailto:security@example.org"
DEVELOPMENT_BASE_URL = "http://localhost:5000"
STAFF_LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"


class ConfigError(RuntimeError):
    """Start-up must stop: running without this setting would be unsafe."""


def _secret(name: str, overrides: dict, production: bool, instance_path: Path, make, example: str) -> str:
    """From the environment; required in production. Elsewhere made once and kept in the instance folder, so that
    sessions and encrypted data survive a restart of the development server."""
    value = overrides.get(name) or os.environ.get(name)
    if value:
        return value
    if production:
        raise ConfigError(f"{name} is not set. In production it must come from the environment, for example: "
                          f"export {name}=$({example}). Keep it apart from database backups. "
                          "For local work set PORTAL_ENV=development.")
    key_file = instance_path / name.lower()
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(make())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _blind_index_keys(overrides: dict, production: bool, instance_path: Path, secret_key: str,
                      encryption_keys: list[str]) -> list[str]:
    value = _secret("BLIND_INDEX_KEYS", overrides, production, instance_path, blind_index.new_key,
                    blind_index.KEY_EXAMPLE)
    try:
        keys = blind_index.parse_keys(value)
    except blind_index.BlindIndexKeyError as exc:
        raise ConfigError(str(exc)) from exc
    if set(keys) & {secret_key, *encryption_keys}:
        raise ConfigError("BLIND_INDEX_KEYS must hold keys of its own: a key there is also SECRET_KEY or in "
                          f"DATA_ENCRYPTION_KEYS. Make a new one with: {blind_index.KEY_EXAMPLE}")
    return keys


def rate_limit_storage(environ=os.environ) -> str:
    """memory:// for one process; redis://127.0.0.1:6379 when several workers must share the counts."""
    return environ.get("RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL") or "memory://"


def check_rate_limit_workers(environ, workers: int) -> None:
    """In production, counts kept in memory are per worker: with N workers a limit of 5 lets 5 × N tries through.
    Memory is allowed only with exactly one worker, and only when the deployment says so. gunicorn.conf.py calls this
    with the real worker count."""
    if (environ.get("PORTAL_ENV") or "production") != "production":
        return
    if not rate_limit_storage(environ).startswith("memory://"):
        return
    if environ.get("RATELIMIT_SINGLE_WORKER") != "1":
        raise ConfigError("Rate limits are kept in memory. With more than one worker each worker counts on its own, "
                          "so the limits do not hold. Set REDIS_URL=redis://127.0.0.1:6379 (shared counts), or run "
                          "exactly one worker and set RATELIMIT_SINGLE_WORKER=1.")
    if workers != 1:
        raise ConfigError(f"RATELIMIT_SINGLE_WORKER=1 keeps rate limits in memory, but {workers} workers are "
                          "configured. Run one worker (WEB_CONCURRENCY=1), or set REDIS_URL=redis://127.0.0.1:6379 "
                          "and remove RATELIMIT_SINGLE_WORKER.")


def _check_production(config: dict) -> None:
    """Settings without a safe default: start-up stops and says what to set."""
    base = config.get("PUBLIC_BASE_URL")
    if not base:
        raise ConfigError("PUBLIC_BASE_URL is not set. Links we send (resume links) are built from it, never from "
                          "the request's Host header. For example: export PUBLIC_BASE_URL=https://hulp.gemeente.nl")
    if not base.startswith("https://"):
        raise ConfigError(f"PUBLIC_BASE_URL must start with https:// in production, not {base!r}.")
    hosts = config.get("TRUSTED_HOSTS")
    if not hosts:
        raise ConfigError("TRUSTED_HOSTS is not set. In production requests for any other host are refused. "
                          "For example: export TRUSTED_HOSTS=hulp.gemeente.nl")
    trusted = [h.strip() for h in hosts.split(",") if h.strip()] if isinstance(hosts, str) else list(hosts)
    host = urlsplit(base).hostname
    if host not in trusted:
        raise ConfigError(f"The host of PUBLIC_BASE_URL ({host}) is not in TRUSTED_HOSTS ({', '.join(trusted)}).")
    contact = config.get("SECURITY_CONTACT")
    if not contact or contact == PLACEHOLDER_SECURITY_CONTACT:
        state = "is not set" if not contact else f"is the placeholder {PLACEHOLDER_SECURITY_CONTACT}"
        raise ConfigError(f"SECURITY_CONTACT {state}. /.well-known/security.txt must name a real address for "
                          "reporting vulnerabilities, for example: export SECURITY_CONTACT=mailto:security@gemeente.nl")
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if storage.startswith("memory://") and config.get("RATELIMIT_SINGLE_WORKER") not in (True, "1"):
        raise ConfigError("Rate limits are kept in memory (memory://). With several workers each counts on its own. "
                          "Set REDIS_URL=redis://127.0.0.1:6379, or run exactly one worker and set "
                          "RATELIMIT_SINGLE_WORKER=1.")


def notify_template_ids(raw: str | None) -> dict[str, str]:
    if not raw:
        return {}
    try:
        ids = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"NOTIFY_TEMPLATE_IDS is not JSON ({exc}). For example: "
                          '{"sms": "<template id>", "email": "<template id>"}') from exc
    if not isinstance(ids, dict) or not all(isinstance(v, str) for v in ids.values()):
        raise ConfigError('NOTIFY_TEMPLATE_IDS must map "sms", "email" or "<kind>.<channel>" to a template id.')
    return ids


def _check_notify(config: dict) -> None:
    """Sending needs a key, a template for each channel, a base for links and a token for the receipts."""
    missing = [name for name in ("NOTIFY_API_KEY", "NOTIFY_CALLBACK_TOKEN", "PUBLIC_BASE_URL") if not config.get(name)]
    missing += [f'NOTIFY_TEMPLATE_IDS["{channel}"]' for channel in ("sms", "email")
                if channel not in config["NOTIFY_TEMPLATE_IDS"]]
    if missing:
        raise ConfigError(f"NOTIFIER=notify sends through Notify and needs {', '.join(missing)} (README, 'Messages').")


def _check_password_hash_profile(profile: str, env: str) -> None:
    if profile not in passwords.PROFILES:
        raise ConfigError(f"PASSWORD_HASH_PROFILE must be one of {', '.join(passwords.PROFILES)}, not {profile!r}.")
    if profile != passwords.PRODUCTION and env != "testing":
        raise ConfigError(f"PASSWORD_HASH_PROFILE {profile!r} is for the test suite only; "
                          f"PORTAL_ENV={env} hashes passwords at full strength.")


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    env = overrides.get("PORTAL_ENV") or os.environ.get("PORTAL_ENV", "production")
    if env not in ("production", "development", "testing"):
        raise ConfigError(f"PORTAL_ENV must be production, development or testing, not {env!r}.")
    production = env == "production"

    secret_key = _secret("SECRET_KEY", overrides, production, instance_path, lambda: secrets.token_hex(32),
                         "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    encryption_keys = _secret("DATA_ENCRYPTION_KEYS", overrides, production, instance_path, new_key,
                              "python3 -c 'from cryptography.fernet import Fernet; "
                              "print(Fernet.generate_key().decode())'")
    try:
        encryption_keys = parse_keys(encryption_keys)
    except EncryptionKeyError as exc:
        raise ConfigError(str(exc)) from exc

    blind_index_keys = _blind_index_keys(overrides, production, instance_path, secret_key, encryption_keys)

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}"
    config = {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        # Newest first: the first key encrypts, every key decrypts (rotation: docs/security.md).
        "DATA_ENCRYPTION_KEYS": encryption_keys,
        # The search index's own keys (portal/blind_index.py), newest first: the first writes, every key is searched.
        "BLIND_INDEX_KEYS": blind_index_keys,
        # __Host-: the browser only accepts it over HTTPS, for this exact host and path /, so no subdomain can set it.
        "SESSION_COOKIE_NAME": "__Host-portal_session" if production else "portal_session",
        "LANGUAGE_COOKIE_NAME": "__Host-lang" if production else "lang",
        # Signed, opaque: "this device sent a sign-up" for 30 days (services/signup.py sent_device_marker).
        "SENT_COOKIE_NAME": "__Host-sent" if production else "sent",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "LANGUAGE_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # a resident may take their time; the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "BABEL_TRANSLATION_DIRECTORIES": "../translations",
        "SUPPORTED_LOCALES": SUPPORTED_LOCALES,
        "STAFF_LOCALES": STAFF_LOCALES,
        # The address in links we send (resume links): never taken from the request's Host header in production.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or (None if production else DEVELOPMENT_BASE_URL),
        "TRUSTED_HOSTS": os.environ.get("TRUSTED_HOSTS"),
        "PROXY_FIX": os.environ.get("PROXY_FIX") == "1",
        # "notify" sends through Notify (NotifyNL or GOV.UK Notify: the worker `flask send-messages`); "outbox" keeps
        # messages in the table, unsent (development, tests; /dev/berichten shows them); "none" offers no sending.
        "NOTIFIER": os.environ.get("NOTIFIER") or ("none" if production else "outbox"),
        "NOTIFY_BASE_URL": os.environ.get("NOTIFY_BASE_URL") or "https://api.notifynl.nl",
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY"),
        # JSON: {"sms": "<template id>", "email": "<template id>"}, each template with ((subject)) and ((body)) in it;
        # "<kind>.<channel>" keys (domain/messages.py MessageKind) give one kind its own template.
        "NOTIFY_TEMPLATE_IDS": notify_template_ids(os.environ.get("NOTIFY_TEMPLATE_IDS")),
        # The bearer token Notify sends with each delivery receipt (set the same in Notify's callback settings).
        "NOTIFY_CALLBACK_TOKEN": os.environ.get("NOTIFY_CALLBACK_TOKEN"),
        "RATELIMIT_STORAGE_URI": rate_limit_storage(),
        # Production with memory:// only with this set to 1, and gunicorn.conf.py then allows one worker only.
        "RATELIMIT_SINGLE_WORKER": os.environ.get("RATELIMIT_SINGLE_WORKER") == "1",
        "RATELIMIT_HEADERS_ENABLED": False,
        "ADVICE_MIN_SECONDS": 3,
        # Only the test app config names another profile (portal/passwords.py); nothing reads it from the environment.
        "PASSWORD_HASH_PROFILE": passwords.PRODUCTION,
        "SECURITY_CONTACT": os.environ.get("SECURITY_CONTACT"),
        "QUESTIONNAIRE_DIR": os.environ.get("QUESTIONNAIRE_DIR")
        or str(Path(__file__).resolve().parent.parent / "questionnaires"),
    }
    config.update(overrides)
    config["PORTAL_ENV"], config["DATA_ENCRYPTION_KEYS"] = env, encryption_keys
    config["BLIND_INDEX_KEYS"] = blind_index_keys
    _check_password_hash_profile(config["PASSWORD_HASH_PROFILE"], env)
    if production:
        _check_production(config)
    if config["NOTIFIER"] not in ("notify", "outbox", "none"):
        raise ConfigError(f"NOTIFIER must be notify, outbox or none, not {config['NOTIFIER']!r}.")
    if config["NOTIFIER"] == "notify":
        _check_notify(config)
    return config
