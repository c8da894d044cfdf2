"""deploy/nginx/: the template renders, nginx accepts it, and a private nginx in front of stand-in app servers does
what docs/deployment.md promises (resident pages compressed, staff pages not, forwarded headers set by us, no POST
passed on, body limit).
Also that scripts/load_test.py's --proxy arguments parse. The nginx tests skip when nginx is not installed."""

from __future__ import annotations

import gzip
import importlib
import socket
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
proxy_stack = importlib.import_module("proxy_stack")

needs_nginx = pytest.mark.skipif(proxy_stack.nginx_path() is None,
                                 reason="nginx is not installed (scripts/as-root apt-install nginx)")
PAGE = ('<!doctype html><title>Stap</title><form method="post">'
        '<input name="csrf_token" type="hidden" value="IjA1ZTk2YmQ5NjE0ZTQ0ZjY4"></form>' + "<p>tekst</p>" * 200)


class _App(BaseHTTPRequestHandler):
    """A stand-in app server: answers an HTML page and remembers the headers of every request."""

    seen: list  # set per server

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append(dict(self.headers))
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@contextmanager
def app_server():
    handler = type("Handler", (_App,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def dying_server():
    """An app server that dies mid-request: reads the request, then closes without an answer. Counts the requests."""
    listener = socket.create_server(("127.0.0.1", 0))
    got: list[bytes] = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                got.append(connection.recv(65536))

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}", got
    finally:
        listener.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_every_template_name_needs_a_value(tmp_path):
    with pytest.raises(KeyError, match="PORTAL_APP_1"):
        proxy_stack.render({})
    text = proxy_stack.render(proxy_stack.loopback_values(8080, ["127.0.0.1:1", "127.0.0.1:2"], tmp_path))
    assert "${PORTAL_" not in text
    assert "$remote_addr" in (ROOT / "deploy/nginx/proxy.conf").read_text()  # nginx's own variables stay


@needs_nginx
def test_nginx_accepts_the_loopback_config(tmp_path):
    config = proxy_stack.write_config(tmp_path, free_port(), ["127.0.0.1:1", "127.0.0.1:2"])
    checked = proxy_stack.check_config(config, tmp_path)
    assert checked.returncode == 0, checked.stderr


@needs_nginx
def test_resident_pages_are_compressed_as_the_budget_measures_them_but_staff_pages_are_not(tmp_path):
    with app_server() as (app, _seen), proxy_stack.nginx(free_port(), [app], tmp_path) as proxy:
        status, headers, body = fetch(proxy.base + "/aanmelden/stap/contact", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == PAGE.encode()
        # tests/test_page_budget.py counts gzip level 9 bytes; what nginx sends is no larger (a few header bytes).
        assert len(body) <= len(gzip.compress(PAGE.encode(), 9)) + 16, (len(body), len(gzip.compress(PAGE.encode(), 9)))
        status, headers, body = fetch(proxy.base + "/werkplek/zaken?zoek=abc", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") is None  # BREACH: search terms next to cases
        assert b"csrf_token" in body
        status, headers, body = fetch(proxy.base + "/static/css/portal.css", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == (ROOT / "static/css/portal.css").read_bytes()
        assert "max-age=3600" in headers.get_all("Cache-Control") and "public" in headers.get_all("Cache-Control")
        assert headers.get("X-Content-Type-Options") == "nosniff"


@needs_nginx
def test_forwarded_headers_are_set_by_the_proxy_not_the_client(tmp_path):
    with app_server() as (app, seen), proxy_stack.nginx(free_port(), [app], tmp_path) as proxy:
        fetch(proxy.base + "/", headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"})
    forwarded = seen[-1]
    # One hop, as ProxyFix(x_for=1) reads it: the address nginx took as the client's (loopback trusts the test
    # client's header, like a load balancer in front), not the client's whole list with ours appended.
    assert forwarded["X-Forwarded-For"] == "198.51.100.7"
    assert forwarded["X-Forwarded-Proto"] == "http"  # the scheme nginx was reached by, not what the client claimed
    assert forwarded["X-Forwarded-Host"] == forwarded["Host"]


@needs_nginx
def test_a_post_is_never_passed_to_a_second_app_server(tmp_path):
    with dying_server() as (first, got_first), dying_server() as (second, got_second), \
            proxy_stack.nginx(free_port(), [first, second], tmp_path) as proxy:
        status, _headers, _body = fetch(proxy.base + "/aanmelden/controleren", data=b"csrf_token=x")
        assert status == 502
        assert len(got_first) + len(got_second) == 1  # sent once: a second server would have made a second case


@needs_nginx
def test_a_get_is_passed_to_the_other_app_server(tmp_path):
    with dying_server() as (dead, got), app_server() as (alive, seen), \
            proxy_stack.nginx(free_port(), [dead, alive], tmp_path) as proxy:
        statuses = [fetch(proxy.base + "/geldcheck")[0] for _ in range(4)]
    assert statuses == [200] * 4 and len(got) == 1 and len(seen) == 4  # the dead one tried once, then left out


@needs_nginx
def test_a_large_body_is_refused_before_the_app(tmp_path):
    with app_server() as (app, seen), proxy_stack.nginx(free_port(), [app], tmp_path) as proxy:
        status, _headers, _body = fetch(proxy.base + "/aanmelden/start", data=b"x" * (65 * 1024))
    assert status == 413 and seen == []


def test_load_test_proxy_arguments_parse():
    load_test = importlib.import_module("load_test")
    args = load_test.parse_args(["--proxy", "--redis-db", "14", "--pg-name", "portal_scale"])
    assert args.proxy and args.workers == 2 and args.redis_uri == "redis://127.0.0.1:6379/14"
    assert args.compare_pairs == 3 and args.pg_name == "portal_scale"
    plain = load_test.parse_args([])
    assert not plain.proxy and plain.workers == 4 and plain.redis_uri.endswith("/7")
    with pytest.raises(SystemExit):
        load_test.parse_args(["--redis-db", "0"])  # never db 0: it is flushed
    with pytest.raises(SystemExit):
        load_test.parse_args(["--proxy", "--database", "sqlite"])
