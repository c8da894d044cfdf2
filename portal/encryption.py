"""Personal fields are encrypted at rest, so a stolen database dump or backup reveals no resident, and no moment.

AES-256-GCM (`cryptography`'s AESGCM) with a random 96-bit nonce. The stored form is

    g1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>

and holds nothing else: no creation time (a Fernet token carries the second it was made in clear, which dated
anonymous questions to the second, finding 12.5). The plain text is padded to a multiple of 16 bytes first, so a
token tells no more about the length than a Fernet token did. The column ("table.column") is the associated
data: a value copied into another column fails to decrypt instead of being shown there.

Keys: each Fernet key in DATA_ENCRYPTION_KEYS yields an AES key by HKDF-SHA256, so a deployment needs no new
setting and the old tokens stay readable with the keys it already has. The key ring: the first key encrypts,
every key decrypts. Rotation: put a new key in front, run `flask rotate-encryption-key` (re-encrypts every row
under the first key, and turns any Fernet token still stored into the new form), then drop the old key.
Fernet is only ever read now, except by migration 0008, which must write what it wrote then.

The key ring is process-wide because column types run where no Flask app is in reach (Alembic, scripts);
create_app sets it from the configuration.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Column, Table, Text, event
from sqlalchemy.types import TypeDecorator

SCHEME = "g1"
TOKEN_PREFIX = f"{SCHEME}."
FERNET_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80 + timestamp), base64
_NONCE_BYTES = 12
_BLOCK = 16
# A new label would give new keys: change it only together with a scheme name and a migration.
_HKDF_INFO = b"portal data encryption: AES-256-GCM, scheme g1"


class EncryptionKeyError(RuntimeError):
    """The configured keys are unusable, or a stored value was encrypted with a key that is no longer configured."""


class TamperedValueError(EncryptionKeyError):
    """A stored value fails its integrity check: it was altered, or copied in from another column."""


@dataclass(frozen=True)
class _Key:
    kid: str
    aead: AESGCM


@dataclass(frozen=True)
class _Ring:
    keys: tuple[_Key, ...]
    by_id: dict[str, _Key]
    legacy: MultiFernet


_keyring: _Ring | None = None


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


def _derive(key: str) -> _Key:
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        base64.urlsafe_b64decode(key))
    # A hash of the derived key, so the id names a key without saying anything about it (or about time).
    kid = hashlib.sha256(b"portal key id\x00" + secret).hexdigest()[:8]
    return _Key(kid=kid, aead=AESGCM(secret))


def configure(keys: list[str]) -> None:
    global _keyring
    derived = tuple(_derive(key) for key in keys)
    _keyring = _Ring(keys=derived, by_id={key.kid: key for key in reversed(derived)},
                     legacy=MultiFernet([Fernet(key) for key in keys]))


def _ring() -> _Ring:
    if _keyring is None:
        raise EncryptionKeyError("No data encryption key is configured (create_app sets it).")
    return _keyring


def _associated(context: str) -> bytes:
    return f"{SCHEME}|{context}".encode()


def _pad(data: bytes) -> bytes:
    # ISO/IEC 7816-4: a 0x80 byte, then zeros up to the block; unambiguous for any plain text.
    return data + b"\x80" + b"\x00" * (-(len(data) + 1) % _BLOCK)


def _unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise TamperedValueError("A stored value has no valid padding.")
    return stripped[:-1]


def encrypt(text: str, context: str) -> str:
    """`context` is the column ("table.column") the value is stored in; decrypt needs the same."""
    key = _ring().keys[0]
    nonce = os.urandom(_NONCE_BYTES)
    sealed = key.aead.encrypt(nonce, _pad(text.encode()), _associated(context))
    return f"{SCHEME}.{key.kid}.{base64.urlsafe_b64encode(nonce + sealed).rstrip(b'=').decode()}"


_UNREADABLE = ("A stored value cannot be decrypted with any configured key: was a key removed from "
               "DATA_ENCRYPTION_KEYS before `flask rotate-encryption-key` ran?")
_TAMPERED = ("A stored value failed its integrity check: it was altered in the database, or copied there from "
             "another column ({context}). It is not shown.")


def decrypt(token: str, context: str) -> str:
    if token.startswith(FERNET_PREFIX):  # written before migration 0011; the column cannot be checked
        try:
            return _ring().legacy.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise EncryptionKeyError(_UNREADABLE) from exc
    scheme, _, rest = token.partition(".")
    kid, _, body = rest.partition(".")
    if scheme != SCHEME or not kid or not body:
        raise TamperedValueError(_TAMPERED.format(context=context))
    key = _ring().by_id.get(kid)
    if key is None:
        raise EncryptionKeyError(_UNREADABLE)
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        padded = key.aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _associated(context))
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise TamperedValueError(_TAMPERED.format(context=context)) from exc
    return _unpad(padded).decode()


def rotate(token: str, context: str) -> str:
    """The same value under the first key, in the current scheme (a Fernet token becomes an AES-GCM one)."""
    return encrypt(decrypt(token, context), context)


def legacy_encrypt(text: str) -> str:
    """A Fernet token, as migration 0008 wrote them. Nothing else may write these: they carry their time."""
    return _ring().legacy.encrypt(text.encode()).decode()


def is_encrypted(value: str | None) -> bool:
    return value is None or value.startswith((TOKEN_PREFIX, FERNET_PREFIX))


def new_key() -> str:
    return Fernet.generate_key().decode()


class _EncryptedColumn(TypeDecorator):
    impl = Text
    cache_ok = True

    def __init__(self, context: str | None = None):
        super().__init__()
        self.context = context

    def _context(self) -> str:
        if self.context is None:
            raise EncryptionKeyError("An encrypted type is used outside a table column: it has no column to bind to.")
        return self.context


class EncryptedText(_EncryptedColumn):
    """A text column whose stored form is an AES-GCM token bound to the column; code reads and writes plain str."""

    cache_ok = True  # SQLAlchemy asks each class: the context is part of the cache key

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value, self._context())

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value, self._context())


class EncryptedJSON(_EncryptedColumn):
    """A JSON value (dict or list) stored as one AES-GCM token; it cannot be queried inside, by design."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")), self._context())

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(decrypt(value, self._context()))


def column_context(table_name: str, column_name: str) -> str:
    return f"{table_name}.{column_name}"


@event.listens_for(Column, "after_parent_attach")
def _bind_to_column(column: Column, table) -> None:
    # Done here, not in each model, so no encrypted column can be left unbound. Renaming a column therefore
    # needs its values re-encrypted (decrypt under the old context, encrypt under the new) in that migration.
    if isinstance(table, Table) and isinstance(column.type, _EncryptedColumn) and column.type.context is None:
        column.type = type(column.type)(column_context(table.name, column.name))
