"""A small fake of the Notify API (GOV.UK Notify, NotifyNL) on a loopback port, for tests, benchmarks and trying it out.

It answers POST /v2/notifications/sms and /v2/notifications/email as Notify does: the bearer JWT checked with PyJWT
(HS256, `iss` the service id, signed with the key's secret, `iat` within 30 seconds), the template id and the
number or address validated, 201 with Notify's answer, Notify's error JSON otherwise. It can be told to fail (400,
403, 429, 500, or hang past the client's time-out) for the next N requests or a fraction of them, records what it
got (each notification with its reference and the time it arrived, `received_at`, seconds since the epoch; each
injected failure in `refused`), and can POST delivery receipts to a callback URL as Notify does. A fraction of
failures is drawn from a seeded random generator (`seed`), so a benchmark run can be repeated.

Lives in scripts/ so that scripts (scripts/bench_messages.py) never import from tests; the tests' `fake_notify`
fixture (tests/conftest.py) starts one of these.

    python -m scripts.fake_notify --port 6011 [--callback-url http://127.0.0.1:5000/notify/ontvangstbevestiging
                                             --callback-token TOKEN] [--fail-fraction 0.1]

prints the settings for the development server. Beside Notify's own endpoints, for scripts: GET /_fake/received,
POST /_fake/fail {"status": 500, "count": 3} or {"status": 500, "fraction": 0.1}, POST /_fake/reset.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

CLOCK_LEEWAY = 30  # seconds, as Notify
HANG = "hang"  # a "status" that answers nothing until the client gave up
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

ERRORS = {
    400: ("BadRequestError", "Bad request"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    500: ("Exception", "Internal server error"),
}


def error_body(status: int, error: str, message: str) -> dict:
    return {"errors": [{"error": error, "message": message}], "status_code": status}


def check_phone_number(number: str) -> str | None:
    """Notify's ValidationError message for a number it refuses, or None."""
    digits = re.sub(r"[\s().-]", "", number)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return "phone_number Must not contain letters or symbols"
    if len(digits) < 8:
        return "phone_number Not enough digits"
    if len(digits) > 15:
        return "phone_number Too many digits"
    return None


class FakeNotify:
    def __init__(self, port: int = 0, *, service_id: str | None = None, secret: str | None = None,
                 hang_seconds: float = 3.0, seed: int = 16):
        self.service_id = service_id or str(uuid.uuid4())
        self.secret = secret or str(uuid.uuid4())
        # Derived from the service, so a fixed service (the command line's) has fixed template ids too.
        self.templates = {channel: str(uuid.uuid5(uuid.UUID(self.service_id), channel)) for channel in ("sms", "email")}
        self.received: list[dict] = []  # what Notify took (201), in order of arrival
        self.refused: list[tuple[str | None, int | str, float]] = []  # injected failures: (reference, status, time)
        self.requests = 0  # every POST that reached a notifications endpoint, refused ones too
        self.hang_seconds = hang_seconds
        self.auto_receipt: tuple[str, str, str] | None = None  # (callback url, token, status) after each send
        self._lock = threading.Lock()
        self._failures: list[int | str] = []
        self._fraction: tuple[int | str, float] | None = None
        self._random = random.Random(seed)
        self._released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- what a test or a developer configures -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_key(self) -> str:
        """Notify's combined key: <key name>-<service id>-<secret>; the client takes the last 73 characters."""
        return f"portal_test-{self.service_id}-{self.secret}"

    def config(self, callback_token: str = "test-callback-token") -> dict:
        return {"NOTIFIER": "notify", "NOTIFY_BASE_URL": self.base_url, "NOTIFY_API_KEY": self.api_key,
                "NOTIFY_TEMPLATE_IDS": dict(self.templates), "NOTIFY_CALLBACK_TOKEN": callback_token}

    def fail_next(self, status: int | str, count: int = 1) -> None:
        with self._lock:
            self._failures += [status] * count

    def fail_fraction(self, status: int | str, fraction: float) -> None:
        with self._lock:
            self._fraction = (status, fraction) if fraction > 0 else None

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
            self.refused.clear()
            self._failures.clear()
            self._fraction = None
            self.requests = 0

    def start(self) -> FakeNotify:
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()  # a hanging answer ends now
        self.server.shutdown()
        self.server.server_close()

    # --- what the handler asks --------------------------------------------------------------------------
    def _injected_failure(self, data: dict | None) -> int | str | None:
        with self._lock:
            self.requests += 1
            failure = None
            if self._failures:
                failure = self._failures.pop(0)
            elif self._fraction and self._random.random() < self._fraction[1]:
                failure = self._fraction[0]
            if failure is not None:
                self.refused.append(((data or {}).get("reference"), failure, time.time()))
        return failure

    def check_token(self, header: str | None) -> tuple[int, dict] | None:
        """None when the token is good, else Notify's 401/403 answer."""
        if not header:
            return 401, error_body(401, "AuthError", "Unauthorized: authentication token must be provided")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return 401, error_body(401, "AuthError", "Unauthorized: authentication bearer scheme must be used")
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"]).get("iss")
        except jwt.DecodeError:
            return 403, error_body(403, "AuthError", "Invalid token: signature, api token is not valid")
        if issuer != self.service_id:
            return 403, error_body(403, "AuthError", "Invalid token: service not found")
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], options={"require": ["iss", "iat"],
                                                                                   "verify_iat": False})
        except jwt.InvalidTokenError:
            return 403, error_body(403, "AuthError", "Invalid token: signature, api token is not valid")
        if abs(time.time() - int(claims["iat"])) > CLOCK_LEEWAY:
            return 403, error_body(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
        return None

    def notification(self, channel: str, data: dict) -> tuple[int, dict]:
        address_field = "phone_number" if channel == "sms" else "email_address"
        template_id = data.get("template_id")
        # "sms", "email", or a kind's own "<kind>.<channel>" template.
        if template_id not in {tid for name, tid in self.templates.items() if name.split(".")[-1] == channel}:
            return 400, error_body(400, "BadRequestError", "Template not found")
        address = str(data.get(address_field) or "")
        invalid = (check_phone_number(address) if channel == "sms"
                   else None if _EMAIL.match(address) else "email_address Not a valid email address")
        if invalid:
            return 400, error_body(400, "ValidationError", invalid)
        personalisation = data.get("personalisation") or {}
        missing = [name for name in ("subject", "body") if name not in personalisation]
        if missing:
            return 400, error_body(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        record = {"id": str(uuid.uuid4()), "channel": channel, "to": address, "template_id": template_id,
                  "personalisation": personalisation, "reference": data.get("reference"),
                  "created_at": _now(), "received_at": time.time()}
        with self._lock:
            self.received.append(record)
        if self.auto_receipt:
            url, token, status = self.auto_receipt
            threading.Timer(0.5, send_receipt, (url, token, record, status)).start()
        return 201, self._answer(channel, record)

    def _answer(self, channel: str, record: dict) -> dict:
        body = record["personalisation"]["body"]
        content = ({"body": body, "from_number": "Gemeente"} if channel == "sms" else
                   {"body": body, "subject": record["personalisation"]["subject"],
                    "from_email": "gemeente@notifications.example", "one_click_unsubscribe_url": None})
        return {"id": record["id"], "reference": record["reference"], "content": content,
                "uri": f"{self.base_url}/v2/notifications/{record['id']}",
                "template": {"id": record["template_id"], "version": 1,
                             "uri": f"{self.base_url}/v2/template/{record['template_id']}/version/1"},
                "scheduled_for": None}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _handler(fake: FakeNotify):  # noqa: C901  (one handler class; its checks follow Notify's order)
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the client's requests session expects
        disable_nagle_algorithm = True  # headers and body go in two writes: Nagle would hold the body 40 ms

        def log_message(self, *args) -> None:  # quiet: tests and the benchmark read what matters from `received`
            pass

        def _reply(self, status: int, body: dict | list) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self) -> dict | None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return None
            return data if isinstance(data, dict) else None

        def do_GET(self) -> None:
            if self.path == "/_fake/received":
                with fake._lock:
                    self._reply(200, list(fake.received))
            else:
                self._reply(404, error_body(404, "NotFoundError", "Not found"))

        def do_POST(self) -> None:
            data = self._json()
            if self.path.startswith("/_fake/"):
                self._control(data or {})
                return
            channel = {"/v2/notifications/sms": "sms", "/v2/notifications/email": "email"}.get(self.path)
            if channel is None:
                self._reply(404, error_body(404, "NotFoundError", "Not found"))
                return
            refused = fake.check_token(self.headers.get("Authorization"))
            if refused:
                self._reply(*refused)
                return
            failure = fake._injected_failure(data)
            if failure == HANG:
                fake._released.wait(fake.hang_seconds)
                self.close_connection = True
                return
            if failure is not None:
                self._reply(failure, error_body(failure, *ERRORS[failure]))
                return
            if data is None:
                self._reply(400, error_body(400, "BadRequestError", "Invalid JSON supplied in POST data"))
                return
            self._reply(*fake.notification(channel, data))

        def _control(self, data: dict) -> None:
            if self.path == "/_fake/fail":
                if "fraction" in data:
                    fake.fail_fraction(data.get("status", 500), float(data["fraction"]))
                else:
                    fake.fail_next(data.get("status", 500), int(data.get("count", 1)))
            elif self.path == "/_fake/reset":
                fake.reset()
            else:
                self._reply(404, error_body(404, "NotFoundError", "Not found"))
                return
            self._reply(200, {"ok": True})

    return Handler


def receipt(message_record: dict, status: str) -> dict:
    """Notify's delivery receipt for a message it took (`status`: delivered, permanent-failure, ...)."""
    now = _now()
    return {"id": message_record["id"], "reference": message_record["reference"], "to": message_record["to"],
            "status": status, "created_at": message_record["created_at"], "completed_at": now, "sent_at": now,
            "notification_type": message_record["channel"], "template_id": message_record["template_id"],
            "template_version": 1}


def send_receipt(callback_url: str, token: str, message_record: dict, status: str) -> int:
    """POSTs the receipt with the bearer token as Notify does; returns the callback's status code."""
    request = urllib.request.Request(callback_url, data=json.dumps(receipt(message_record, status)).encode(),
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (our own callback URL)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


# Fixed for the command line, so the development server's settings survive a restart of the fake.
DEV_SERVICE_ID = "3f0b5a1e-6c1d-4a55-9d0e-6e1f0c9a7b21"
DEV_SECRET = "9b6f0c7e-2d4a-4e8b-a1c3-5f7d9e0b1a2c"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A fake Notify API on 127.0.0.1 for development.")
    parser.add_argument("--port", type=int, default=6011)
    parser.add_argument("--callback-url", help="POST a delivery receipt here after each message")
    parser.add_argument("--callback-token", default="dev-callback-token")
    parser.add_argument("--receipt-status", default="delivered",
                        choices=["delivered", "permanent-failure", "temporary-failure", "technical-failure"])
    parser.add_argument("--fail-fraction", type=float, default=0.0, help="answer this fraction with --fail-status")
    parser.add_argument("--fail-status", default="500", help="400, 403, 429, 500 or hang")
    parser.add_argument("--seed", type=int, default=16, help="seeds the draw of --fail-fraction")
    args = parser.parse_args(argv)
    fake = FakeNotify(args.port, service_id=DEV_SERVICE_ID, secret=DEV_SECRET, seed=args.seed)
    fail_status = args.fail_status if args.fail_status == HANG else int(args.fail_status)
    fake.fail_fraction(fail_status, args.fail_fraction)
    if args.callback_url:
        fake.auto_receipt = (args.callback_url, args.callback_token, args.receipt_status)
    config = fake.config(args.callback_token)
    print("Fake Notify on", fake.base_url, "- for the development server:")  # noqa: T201
    for name in ("NOTIFIER", "NOTIFY_BASE_URL", "NOTIFY_API_KEY", "NOTIFY_CALLBACK_TOKEN"):
        print(f"export {name}={config[name]}")  # noqa: T201
    print(f"export NOTIFY_TEMPLATE_IDS='{json.dumps(config['NOTIFY_TEMPLATE_IDS'])}'")  # noqa: T201
    try:
        fake.server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
