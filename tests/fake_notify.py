"""The tests' `fake_notify` fixture: a running fake Notify service (scripts/fake_notify.py, shared with the benchmark).

The fake lives in scripts/ because scripts never import from tests; the tests import its names from here.
"""

from __future__ import annotations

import pytest

from scripts.fake_notify import HANG, FakeNotify, receipt, send_receipt  # noqa: F401  (the tests import them from here)


@pytest.fixture
def fake_notify():
    """A running fake; `fake_notify.config()` is the app configuration that sends to it."""
    fake = FakeNotify(hang_seconds=2.0).start()
    yield fake
    fake.stop()
