"""What the database keeps of a random token that a cookie holds: its sha256, so a leaked row opens no session."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
