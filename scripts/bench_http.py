"""HTTP benchmark: throughput and p50/p95 latency under 50 concurrent connections against gunicorn.

    .venv/bin/python scripts/bench_http.py [--seconds 5] [--connections 50] [--workers 2] [--runs 3]
                                           [--database sqlite|postgres|both] [--signup-drafts 20]

Starts gunicorn on a free loopback port with a throwaway database (a temp SQLite file, or the PostgreSQL database
'portal_bench', emptied first) and the demo municipalities, behind PROXY_FIX=1 with rate-limit counts in Redis db 8
(flushed first), as in production. Each connection is a thread; each resident has its own cookies and its own
X-Forwarded-For address, so the per-address limit on sign-up start (30 per hour) counts residents, not the benchmark.

What one timed operation is:
- start page: GET / (one request).
- self-test step: GET a question, POST the answer, GET where the redirect points (three requests).
- sign-up submit: POST "send" on the check page, GET the confirmation with its reference (two requests). Before the
  clock starts, every connection fills in --signup-drafts complete sign-ups (untimed), each as a new resident; the run
  ends after --seconds or when a connection has no draft left.

Per scenario the median of --runs runs is printed (throughput, p50, p95); errors are summed over the runs.
Loopback only; nothing leaves the machine. The helpers here (Resident, serve, the walks) are shared with
scripts/load_test.py and scripts/bench_fcp.py.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The tests' answers, so the walks follow the forms when a field changes.
from tests.questionnaire.conftest import CALM  # noqa: E402
from tests.resident.signup_helpers import DEFAULT_STEPS  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
REFERENCE = re.compile(r'<span class="reference">([A-Z0-9]{3}-[A-Z0-9]{3})</span>')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
SELFTEST_ANSWERS = {**CALM, "postcode": "2651"}  # 2651: Lansingerland in the demo data
MAX_QUESTIONS = 40  # the check has about 15 questions; a walk that goes on longer is broken, not slow


class FlowError(Exception):
    """The portal answered, but not what a resident walking this path should see."""


@dataclass
class Reply:
    status: int
    location: str
    body: str


class _NoRedirects(urllib.request.HTTPErrorProcessor):
    # Every status comes back as a Reply: a redirect is a request of its own, timed and checked like the rest.
    def http_response(self, request, response):
        return response


_addresses = itertools.count(1 << 16)  # 127.1.0.0 onwards: never 127.0.0.1, the proxy itself
_address_lock = threading.Lock()


def new_address() -> str:
    with _address_lock:
        number = next(_addresses)
    return f"127.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


class Resident:
    """One person on one device: own cookie jar, own address (sent as X-Forwarded-For, trusted with PROXY_FIX=1)."""

    def __init__(self, base: str, address: str | None = None, jar: http.cookiejar.CookieJar | None = None):
        self.base = base
        self.address = address or new_address()
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects())

    def send(self, method: str, path: str, data: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method,
                                         headers={"X-Forwarded-For": self.address})
        with self.opener.open(request, timeout=30) as response:
            return Reply(response.status, response.headers.get("Location", ""), response.read().decode())

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def post(self, path: str, data: dict) -> Reply:
        return self.send("POST", path, data)

    def cookies_copy(self) -> http.cookiejar.CookieJar:
        """The same cookies in a jar of its own: a second tab or request whose answer must not overwrite the first."""
        jar = http.cookiejar.CookieJar()
        for cookie in self.jar:
            jar.set_cookie(cookie)
        return jar


def page(reply: Reply, path: str) -> str:
    if reply.status != 200:
        raise FlowError(f"{path}: expected 200, got {reply.status} {reply.location}")
    return reply.body


def redirect(reply: Reply, path: str) -> str:
    if reply.status not in (302, 303):
        found = H1.search(reply.body)
        raise FlowError(f"{path}: expected a redirect, got {reply.status} ({found.group(1).strip() if found else ''})")
    return reply.location


def token(html: str, path: str) -> str:
    found = TOKEN.search(html)
    if found is None:
        raise FlowError(f"{path}: no CSRF field")
    return found.group(1)


def reference(html: str, path: str) -> str:
    found = REFERENCE.search(html)
    if found is None:
        raise FlowError(f"{path}: no case reference on the page")
    return found.group(1)


def walk_selftest(resident: Resident, answers: dict = SELFTEST_ANSWERS) -> str:
    """The whole money check as a resident clicks it, to the result; returns the result's heading."""
    location = redirect(resident.post("/geldcheck/start", {
        "csrf_token": token(page(resident.get("/geldcheck"), "/geldcheck"), "/geldcheck")}), "/geldcheck/start")
    for _ in range(MAX_QUESTIONS):
        if not location.startswith("/geldcheck/vraag/"):
            break
        question = location.rsplit("/", 1)[1].split("?")[0]
        if question not in answers:
            raise FlowError(f"{location}: no answer prepared for this question")
        html = page(resident.get(location), location)
        location = redirect(resident.post(location, {"csrf_token": token(html, location),
                                                     "answer": answers[question]}), location)
    if location != "/geldcheck/overzicht":
        raise FlowError(f"the check ended at {location}, not the summary")
    html = page(resident.get(location), location)
    result = redirect(resident.post("/geldcheck/uitslag", {"csrf_token": token(html, location)}), "/geldcheck/uitslag")
    heading = H1.search(page(resident.get(result), result))
    if heading is None:
        raise FlowError(f"{result}: no heading")
    return heading.group(1).strip()


def fill_signup(resident: Resident, changes: dict | None = None, read_pages: bool = True) -> str:
    """Start a sign-up and answer every step; returns the check page's HTML (its form sends the sign-up).
    read_pages=False skips the GET of each step (the session's CSRF token stays valid): a cheaper untimed fill."""
    answers = {slug: {**data, **(changes or {}).get(slug, {})} for slug, data in DEFAULT_STEPS.items()}
    form_token = token(page(resident.get("/aanmelden"), "/aanmelden"), "/aanmelden")
    location = redirect(resident.post("/aanmelden/start", {"csrf_token": form_token}), "/aanmelden/start")
    for _ in range(len(answers) + 1):
        if not location.startswith("/aanmelden/stap/"):
            break
        slug = location.rsplit("/", 1)[1].split("?")[0]
        if read_pages:
            form_token = token(page(resident.get(location), location), location)
        location = redirect(resident.post(location, {"csrf_token": form_token, **answers[slug]}), location)
    if location != "/aanmelden/controleren":
        raise FlowError(f"the sign-up steps ended at {location}, not the check page")
    return page(resident.get(location), location)


def submit_signup(resident: Resident, check_html: str) -> str:
    """Press 'send' on the check page and read the reference on the confirmation."""
    location = redirect(resident.post("/aanmelden/controleren", {"csrf_token": token(check_html, "check page")}),
                        "/aanmelden/controleren")
    if location != "/aanmelden/klaar":
        raise FlowError(f"submit led to {location}, not the confirmation")
    return reference(page(resident.get(location), location), location)


# --- the server -------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def reset_postgres(url: str) -> None:
    """Create the throwaway database if missing and empty it: a run never sees the previous run's rows."""
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"portal_[a-z]+", name):
        raise SystemExit(f"refusing to empty {name!r}: only throwaway portal_* databases")
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def flush_redis_db(uri: str) -> None:
    """Empty only the Redis database number this run owns (e.g. redis://127.0.0.1:6379/8)."""
    import redis

    if not re.fullmatch(r"redis://127\.0\.0\.1:6379/[1-9][0-9]?", uri):
        raise SystemExit(f"refusing to flush {uri!r}: use a numbered Redis database other than 0")
    client = redis.Redis.from_url(uri)
    client.flushdb()
    client.close()


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    database_url: str
    log: Path
    env: dict = field(repr=False, default_factory=dict)


@contextmanager
def serve(database: str, workers: int, *, pg_name: str = "portal_bench", redis_uri: str = "redis://127.0.0.1:6379/8",
          secret: str = "bench-http") -> Iterator[Server]:
    """gunicorn (repository gunicorn.conf.py, -w workers) on a fresh database with the demo data; stopped on exit."""
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    url = f"sqlite:///{folder / 'portal.sqlite3'}" if database == "sqlite" else postgres_url(pg_name)
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(folder), "DATABASE_URL": url,
           "SECRET_KEY": secret, "PROXY_FIX": "1", "RATELIMIT_STORAGE_URI": redis_uri}
    if database == "postgres":
        reset_postgres(url)
    flush_redis_db(redis_uri)
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db-upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    port, log = free_port(), folder / "gunicorn.log"
    # stderr to a file: gunicorn's own lines and the app's tracebacks, to read when something failed.
    with log.open("ab") as log_file:
        process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                    "--access-logfile", "/dev/null", "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, url, log, env)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_healthy(server: Server, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up; see {server.log}")
        try:
            urllib.request.urlopen(server.base + "/healthz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within {seconds:.0f} s; see {server.log}")


# --- the benchmark ----------------------------------------------------------------------------------------------

Job = Callable[[], None]


def start_page_jobs(base: str, _drafts: int) -> Iterator[Job]:
    resident = Resident(base)
    return itertools.repeat(lambda: page(resident.get("/"), "/"))


def selftest_step_jobs(base: str, _drafts: int) -> Iterator[Job]:
    resident = Resident(base)
    html = page(resident.get("/geldcheck"), "/geldcheck")
    redirect(resident.post("/geldcheck/start", {"csrf_token": token(html, "/geldcheck")}), "/geldcheck/start")

    def step() -> None:
        path = "/geldcheck/vraag/group"
        html = page(resident.get(path), path)
        page(resident.get(redirect(resident.post(path, {"csrf_token": token(html, path), "answer": "none"}), path)),
             "next question")

    return itertools.repeat(step)


def signup_submit_jobs(base: str, drafts: int) -> Iterator[Job]:
    """Untimed: fill in `drafts` sign-ups, each a new resident; timed per job: submit + confirmation."""
    jobs = []
    for number in range(drafts):
        resident = Resident(base)
        check_html = fill_signup(resident, {"contact": {"call_name": f"Bench {resident.address} {number}"}},
                                 read_pages=False)
        jobs.append(partial(submit_signup, resident, check_html))
    return iter(jobs)


SCENARIOS = (("start page", start_page_jobs), ("self-test step", selftest_step_jobs),
             ("sign-up submit", signup_submit_jobs))


@dataclass
class RunResult:
    per_second: float
    p50: float
    p95: float
    errors: int
    first_error: str = ""


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def run(base: str, make_jobs, seconds: float, connections: int, drafts: int) -> RunResult:
    latencies: list[float] = []
    errors: list[str] = []
    ended: list[float] = []
    lock = threading.Lock()
    clock = {}

    def start_clock():
        clock["start"] = time.perf_counter()
        clock["stop"] = clock["start"] + seconds

    barrier = threading.Barrier(connections, action=start_clock, timeout=600)

    def worker():
        try:
            jobs = make_jobs(base, drafts)
        except Exception as exc:  # noqa: BLE001  (counted and reported)
            jobs = iter(())
            with lock:
                errors.append(f"preparing: {exc!r}")
        barrier.wait()
        for job in jobs:
            if time.perf_counter() >= clock["stop"]:
                break
            started = time.perf_counter()
            try:
                job()
            except Exception as exc:  # noqa: BLE001  (counted and reported)
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
        with lock:
            ended.append(time.perf_counter())

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 660)
    elapsed = max(ended, default=clock.get("start", 0) + seconds) - clock.get("start", 0)
    return RunResult(len(latencies) / elapsed if elapsed > 0 else 0.0, percentile(latencies, 0.5),
                     percentile(latencies, 0.95), len(errors), errors[0] if errors else "")


def bench_database(database: str, args) -> dict[str, RunResult]:
    results = {}
    with serve(database, args.workers) as server:
        for name, make_jobs in SCENARIOS:
            runs = [run(server.base, make_jobs, args.seconds, args.connections, args.signup_drafts)
                    for _ in range(args.runs)]
            results[name] = RunResult(*(statistics.median(getattr(r, f) for r in runs)
                                        for f in ("per_second", "p50", "p95")),
                                      sum(r.errors for r in runs),
                                      next((r.first_error for r in runs if r.first_error), ""))
            print(f"  {database:<10} {name:<15} done", flush=True)
    return results


def print_table(all_results: dict[str, dict[str, RunResult]]) -> None:
    print(f"{'database':<10} {'scenario':<15} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for database, results in all_results.items():
        for name, result in results.items():
            print(f"{database:<10} {name:<15} {result.per_second:>7.0f} {result.p50:>8.1f} {result.p95:>8.1f} "
                  f"{result.errors:>7}")
    for database, results in all_results.items():
        for name, result in results.items():
            if result.first_error:
                print(f"first error ({database}, {name}): {result.first_error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--signup-drafts", type=int, default=20, help="sign-ups each connection fills in per run")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(f"gunicorn {args.workers} sync workers, {args.connections} connections, {args.seconds:g} s per run, "
          f"median of {args.runs} runs; sign-up submit: {args.signup_drafts} sign-ups filled in per connection "
          f"beforehand (untimed), timed = POST submit + GET confirmation", flush=True)
    all_results = {database: bench_database(database, args) for database in databases}
    print_table(all_results)
    return 1 if any(r.errors for results in all_results.values() for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
