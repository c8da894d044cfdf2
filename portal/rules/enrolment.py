"""The one-time code an administrator gives a staff member for setting up their authenticator app.

Handed over apart from the password (in person or by phone), so knowing the password alone is not enough to
enrol an app. Twelve characters from the read-aloud alphabet of the references: about 50 bits.
"""

from __future__ import annotations

import hashlib
import secrets

from portal.rules.reference import ALPHABET, compact

LENGTH = 12


def new_code() -> str:
    """Like 'KP7X-3XAF-9HTW'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def code_hash(code: str) -> str:
    """Only this is stored; the code is shown once. Spaces, dashes and case as typed do not matter."""
    return hashlib.sha256(compact(code).encode()).hexdigest()
