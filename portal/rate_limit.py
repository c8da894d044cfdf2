"""The key a rate limit counts under: a keyed hash of the client address, with a key that changes every UTC day.

Redis (or memory) then never holds an address, and an entry cannot be set beside a stored record to find who
made it. The day's key is derived from SECRET_KEY and the date, so every worker computes the same one without
shared state; yesterday's entries are under yesterday's key and simply expire. Without SECRET_KEY the hashes
cannot be tried against the (small) space of addresses.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _today() -> date:
    return datetime.now(UTC).date()


def _day_key(secret_key: str, day: date) -> bytes:
    return hmac.new(secret_key.encode(), f"rate-limit key {day.isoformat()}".encode(), hashlib.sha256).digest()


def client_key() -> str:
    """128 bits of HMAC-SHA256: enough that two addresses never share a count."""
    day_key = _day_key(current_app.config["SECRET_KEY"], _today())
    return hmac.new(day_key, get_remote_address().encode(), hashlib.sha256).hexdigest()[:32]


def skip_the_per_request_check_when_idle(app: Flask, limiter: Limiter) -> None:
    """Flask-Limiter checks application-wide, default, blueprint and meta limits in a before_request hook on every
    request; a route's own limit (@limiter.limit, @limiter.shared_limit) is checked by its decorator, not there. This
    portal sets only per-route limits, so the hook finds nothing on every request and only costs CPU (issue 19: 3-6 %
    of a request). Called at the end of create_app, when every blueprint is registered: should a wide limit ever be
    configured (RATELIMIT_DEFAULT, RATELIMIT_APPLICATION, RATELIMIT_META, a limit on a blueprint), the hook stays.

    Two more hooks run on every request: after it, one that writes X-RateLimit headers (off here:
    RATELIMIT_HEADERS_ENABLED) and counts limits with `deduct_when` (none here); at teardown, one that empties the
    limiter's state on the request context, which is thrown away anyway. A tenth of a page served from memory
    (portal/page_cache.py); they stay when headers or a `deduct_when` limit are configured."""
    manager = limiter.limit_manager
    wide = (manager.application_limits or manager.default_limits or limiter._meta_limits
            or any(manager.blueprint_limits(app, name) for name in app.blueprints))
    if not wide:
        hooks = app.before_request_funcs.get(None, [])
        hooks[:] = [hook for hook in hooks if getattr(hook, "__func__", None) is not Limiter._check_request_limit]
    conditional = any(getattr(group, "deduct_when", None)
                      for groups in manager._decorated_limits.values() for group in groups)
    if not app.config.get("RATELIMIT_HEADERS_ENABLED") and not conditional:
        after = app.after_request_funcs.get(None, [])
        after[:] = [hook for hook in after if getattr(hook, "func", None) is not Limiter._Limiter__inject_headers]
        teardown = app.teardown_request_funcs.get(None, [])
        teardown[:] = [hook for hook in teardown
                       if getattr(hook, "__func__", None) is not Limiter._Limiter__release_context]


def posts_only(limit_decorator: Callable) -> Callable:
    """A route's POST limit (`methods=["POST"]`) on a route that also answers GET: the GET skips Flask-Limiter
    altogether. Its decorator works out the route's limits for every request before it sees that the method is not
    limited: 15 % of the ask form's GET (issue 19). The view keeps its name, under which the limit is registered."""

    def decorate(view: Callable) -> Callable:
        limited = limit_decorator(view)

        @wraps(view)
        def dispatch(*args, **kwargs):
            return (limited if request.method == "POST" else view)(*args, **kwargs)

        return dispatch

    return decorate
