"""Flask-Limiter's per-request hook runs only when a limit needs it (portal/rate_limit.py, issue 19)."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_qualified_name, get_remote_address

from portal.rate_limit import posts_only, skip_the_per_request_check_when_idle


def _has_hook(app: Flask) -> bool:
    return any(getattr(hook, "__func__", None) is Limiter._check_request_limit
               for hook in app.before_request_funcs.get(None, []))


def _has_response_hooks(app: Flask) -> tuple[bool, bool]:
    after = any(getattr(hook, "func", None) is Limiter._Limiter__inject_headers
                for hook in app.after_request_funcs.get(None, []))
    teardown = any(getattr(hook, "__func__", None) is Limiter._Limiter__release_context
                   for hook in app.teardown_request_funcs.get(None, []))
    return after, teardown


def _app(headers: bool = False, **limiter_options) -> tuple[Flask, Limiter]:
    app = Flask(__name__)
    app.config["RATELIMIT_HEADERS_ENABLED"] = headers
    limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", **limiter_options)
    limiter.init_app(app)
    # Named functions: Flask-Limiter keys a route's limits by the view's qualified name, the same for every lambda.
    def open_page():
        return "open"

    def limited_page():
        return "limited"

    app.add_url_rule("/open", "open", open_page)
    app.add_url_rule("/limited", "limited", limiter.limit("1 per minute")(limited_page))
    return app, limiter


def test_the_portal_runs_no_limiter_hook_on_every_request(app):
    # Catches the call at the end of create_app going missing (every request would pay the hook again).
    assert not _has_hook(app)
    assert _has_response_hooks(app) == (False, False)


def test_headers_and_a_conditional_limit_keep_the_response_hooks():
    # Catches dropping them unconditionally: the X-RateLimit headers would vanish, and a deduct_when limit would
    # never count (it is counted after the response).
    app, limiter = _app(headers=True)
    skip_the_per_request_check_when_idle(app, limiter)
    assert _has_response_hooks(app) == (True, True)
    assert "X-RateLimit-Limit" in app.test_client().get("/limited").headers

    app, limiter = _app()
    def failing_page():
        return "nee", 400

    app.add_url_rule("/failing", "failing", limiter.limit("1 per minute", deduct_when=lambda r: r.status_code == 400)(
        failing_page))
    skip_the_per_request_check_when_idle(app, limiter)
    assert _has_response_hooks(app) == (True, True)
    client = app.test_client()
    assert [client.get("/failing").status_code for _ in range(2)] == [400, 429]


def test_per_route_limits_hold_without_the_hook():
    # Catches a change that would drop the route limits with the hook: they are checked by their decorator.
    app, limiter = _app()
    skip_the_per_request_check_when_idle(app, limiter)
    assert not _has_hook(app)
    client = app.test_client()
    assert [client.get("/limited").status_code for _ in range(2)] == [200, 429]
    assert [client.get("/open").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize("options", [{"default_limits": ["1 per minute"]}, {"application_limits": ["1 per minute"]},
                                     {"meta_limits": ["1 per minute"]}])
def test_the_hook_stays_when_a_wide_limit_is_configured(options):
    # Catches dropping the hook unconditionally: a default or application-wide limit would silently stop counting.
    app, limiter = _app(**options)
    skip_the_per_request_check_when_idle(app, limiter)
    assert _has_hook(app)
    if "meta_limits" not in options:
        client = app.test_client()
        assert [client.get("/open").status_code for _ in range(2)] == [200, 429]


def test_the_hook_stays_for_a_limit_on_a_blueprint():
    app, limiter = _app()
    blueprint = Blueprint("part", __name__)
    def part_page():
        return "part"

    blueprint.add_url_rule("/part", "page", part_page)
    limiter.limit("1 per minute")(blueprint)
    app.register_blueprint(blueprint)
    skip_the_per_request_check_when_idle(app, limiter)
    assert _has_hook(app)
    client = app.test_client()
    assert [client.get("/part").status_code for _ in range(2)] == [200, 429]


def test_a_post_limit_skips_the_limiter_on_get_and_still_counts_posts(monkeypatch):
    """posts_only: the form's GET must not pay for Flask-Limiter (it works out every limit before it sees the method),
    while its POST limit holds as before, under the view's own name."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "test"
    limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
    limiter.init_app(app)

    def form_page():
        return "form"

    app.add_url_rule("/form", "form", posts_only(limiter.limit("2 per minute", methods=["POST"]))(form_page),
                     methods=["GET", "POST"])
    client = app.test_client()
    assert [client.post("/form").status_code for _ in range(3)] == [200, 200, 429]
    checked = []
    original = Limiter._check_request_limit
    monkeypatch.setattr(Limiter, "_check_request_limit",
                        lambda self, *args, **kwargs: checked.append(1) or original(self, *args, **kwargs))
    assert client.get("/form").status_code == 200 and checked == []
    assert client.post("/form").status_code == 429 and checked == [1]
    # Found under the name of the view Flask calls, as tests/test_rate_limits.py looks limits up.
    assert limiter.limit_manager.decorated_limits(get_qualified_name(app.view_functions["form"]))
