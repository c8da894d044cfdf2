"""Personal fields are encrypted at rest, so a stolen database dump or backup reveals no resident.

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package) with a key ring: the first key encrypts,
every key decrypts. Rotation: put a new key in front of DATA_ENCRYPTION_KEYS, run `flask rotate-encryption-key`
(re-encrypts every row with the new key), then drop the old key. See docs/security.md.

The key ring is process-wide because column types run where no Flask app is in reach (Alembic, scripts);
create_app sets it from the configuration.
"""

from __future__ import annotations

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

_keyring: MultiFernet | None = None
TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80 + timestamp), base64


class EncryptionKeyError(RuntimeError):
    """The configured keys are unusable, or a stored value was encrypted with a key that is no longer configured."""


def parse_keys(value: str) -> list[str]:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise EncryptionKeyError("DATA_ENCRYPTION_KEYS holds no key.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as exc:
            raise EncryptionKeyError(
                f"Key {position} in DATA_ENCRYPTION_KEYS is not a Fernet key (32 bytes, url-safe base64). "
                "Make one with: python3 -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            ) from exc
    return keys


def configure(keys: list[str]) -> None:
    global _keyring
    _keyring = MultiFernet([Fernet(key) for key in keys])


def _ring() -> MultiFernet:
    if _keyring is None:
        raise EncryptionKeyError("No data encryption key is configured (create_app sets it).")
    return _keyring


def encrypt(text: str) -> str:
    return _ring().encrypt(text.encode()).decode()


_UNREADABLE = ("A stored value cannot be decrypted with any configured key: was a key removed from "
               "DATA_ENCRYPTION_KEYS before `flask rotate-encryption-key` ran?")


def decrypt(token: str) -> str:
    try:
        return _ring().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise EncryptionKeyError(_UNREADABLE) from exc


def rotate(token: str) -> str:
    """The same value under the first key."""
    try:
        return _ring().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise EncryptionKeyError(_UNREADABLE) from exc


def is_encrypted(value: str | None) -> bool:
    return value is None or value.startswith(TOKEN_PREFIX)


def new_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedText(TypeDecorator):
    """A text column whose stored form is a Fernet token; code reads and writes plain str."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON value (dict or list) stored as one Fernet token; it cannot be queried inside, by design."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(decrypt(value))
