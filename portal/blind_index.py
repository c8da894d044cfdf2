"""A keyed blind index: staff find a case by phone number or name without the table being decrypted.

Each search term (a normalised phone number or one word of a name: portal/rules/search_terms.py) is stored only as

    HMAC-SHA256(key, "portal blind index v1" | municipality id | kind | term)

with its own keys (BLIND_INDEX_KEYS), never the data encryption keys or SECRET_KEY: a stolen dump holds digests that
cannot be reversed or recomputed without the key, and the municipality and the kind are part of the input, so the same
number in two municipalities (or a name equal to a number) gives unrelated digests that cannot be joined.
What it still tells, by design: which cases share a term within one municipality (the duplicate badge needs that).

The key ring: the first key writes, every key is searched, so a rotation (`flask rebuild-search-index`, also run by
`flask rotate-encryption-key`) can rewrite the index while the portal runs. Process-wide like portal/encryption.py,
because the migration that fills the index runs where no Flask app is in reach; create_app sets it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

MIN_KEY_BYTES = 32
_LABEL = b"portal blind index v1"
KEY_EXAMPLE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


class BlindIndexKeyError(RuntimeError):
    """BLIND_INDEX_KEYS holds no key or an unusable one, or none is configured."""


@dataclass(frozen=True)
class _Key:
    kid: str
    secret: bytes


_keys: tuple[_Key, ...] = ()


def _decode(key: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    except (binascii.Error, ValueError):
        return b""


def parse_keys(value: str) -> list[str]:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise BlindIndexKeyError("BLIND_INDEX_KEYS holds no key.")
    for position, key in enumerate(keys, start=1):
        if len(_decode(key)) < MIN_KEY_BYTES:
            raise BlindIndexKeyError(f"Key {position} in BLIND_INDEX_KEYS is not {MIN_KEY_BYTES} random bytes in "
                                     f"url-safe base64. Make one with: {KEY_EXAMPLE}")
    return keys


def new_key() -> str:
    import secrets

    return secrets.token_urlsafe(MIN_KEY_BYTES)


def key_id(key: str) -> str:
    """Names a key without saying anything about it."""
    return hashlib.sha256(b"portal blind index key id\x00" + _decode(key)).hexdigest()[:8]


def configure(keys: list[str]) -> None:
    global _keys
    _keys = tuple(_Key(kid=key_id(key), secret=_decode(key)) for key in keys)


def _ring() -> tuple[_Key, ...]:
    if not _keys:
        raise BlindIndexKeyError("No blind index key is configured (create_app sets it).")
    return _keys


def _digest(key: _Key, municipality_id: int, kind: str, term: str) -> str:
    message = b"\x00".join((_LABEL, str(municipality_id).encode(), kind.encode(), term.encode()))
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()


def current_key_id() -> str:
    return _ring()[0].kid


def digest(municipality_id: int, kind: str, term: str) -> tuple[str, str]:
    """(key id, digest) under the first key: what is written."""
    key = _ring()[0]
    return key.kid, _digest(key, municipality_id, kind, term)


def digests(municipality_id: int, kind: str, term: str) -> list[str]:
    """The digest under every configured key: what is searched, so a half-done rotation still finds everyone."""
    return [_digest(key, municipality_id, kind, term) for key in _ring()]
