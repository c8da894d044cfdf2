"""The argon2id hasher for staff passwords and advice secret words: one per process, chosen by the config.

`production` is argon2-cffi's default (RFC 9106's low-memory profile, about half a second here). The test suite
creates hundreds of staff accounts and would spend most of its time hashing, so its app config names
`test-only-weak`, which only PORTAL_ENV=testing accepts (portal/config.py refuses it elsewhere). A hash carries its
own parameters, so any hash verifies whatever the profile; only new hashes (and the dummy of equal work) follow it.
"""

from __future__ import annotations

from argon2 import PasswordHasher

PRODUCTION = "production"
TEST_ONLY_WEAK = "test-only-weak"
PROFILES = {
    PRODUCTION: PasswordHasher(),
    # The smallest argon2id allows: guessable in no time, so never for a real account.
    TEST_ONLY_WEAK: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}

_current = PROFILES[PRODUCTION]
_dummies: dict[int, str] = {}


def configure(profile: str) -> None:
    global _current
    _current = PROFILES[profile]


def hasher() -> PasswordHasher:
    return _current


def dummy_hash() -> str:
    """A hash of the current strength that matches nothing a person types: checking it costs what a real check costs."""
    key = id(_current)
    if key not in _dummies:
        _dummies[key] = _current.hash("a password nobody has")
    return _dummies[key]
