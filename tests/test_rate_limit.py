"""Rate limits count under a daily keyed hash of the client address (portal/rate_limit.py)."""

from datetime import date

import pytest

from portal import rate_limit
from portal.extensions import limiter
from tests.client_request import ClientRequest

ADDRESS = "203.0.113.7"


def _start(client):
    return ClientRequest(client).open("POST", "resident.start_signup", _data={"confirm": "1"})


def _key(app, address: str) -> str:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        return rate_limit.client_key()


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def visitor(app):
    return _client(app, ADDRESS)


def test_the_limiter_storage_never_holds_the_address(app, visitor):
    """Finding 12.5: the rate-limit entry (address, same second) linked an address to an anonymous question."""
    _start(visitor)
    keys = list(limiter.storage.storage)
    assert keys, "the count is stored"
    assert [key for key in keys if ADDRESS in key] == []
    assert any(_key(app, ADDRESS) in key for key in keys)


def test_the_key_changes_every_day_and_differs_per_address(app, monkeypatch):
    """Finding 12.5: with a fixed secret one dictionary of all addresses would undo the hash for good."""
    monkeypatch.setattr(rate_limit, "_today", lambda: date(2026, 12, 2))
    today = _key(app, ADDRESS)
    assert _key(app, ADDRESS) == today != _key(app, "203.0.113.8")
    monkeypatch.setattr(rate_limit, "_today", lambda: date(2026, 12, 3))
    assert _key(app, ADDRESS) != today
    assert ADDRESS not in today and len(today) == 32


def test_a_limit_still_stops_the_same_address_and_only_that_one(app, visitor):
    """Finding 12.5: hashing must not make the limits per request (a key with a random part would)."""
    statuses = [_start(visitor).status_code for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]
    assert _start(_client(app, "203.0.113.8")).status_code != 429
