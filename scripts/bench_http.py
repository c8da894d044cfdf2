"""HTTP benchmark against a floor: the portal and a bare Flask app in gunicorn side by side, loaded by wrk, interleaved.

    .venv/bin/python scripts/bench_http.py [--database sqlite|postgres|both] [--pairs 5] [--seconds 5] [--warmup 2]
        [--connections 50] [--workers 2] [--wrk-threads 2] [--rss-requests 10000] [--start-samples 3]
        [--postgres-url URL (or BENCH_POSTGRES_URL)] [--redis redis://127.0.0.1:6379/8]

Needs wrk (`scripts/as-root apt-install wrk`), Redis on 127.0.0.1:6379 and, for PostgreSQL, a database it may EMPTY
(default portal_bench; a URL given must name portal_* or a name with "bench"). Loopback only.

Per database three gunicorn servers run at once, each with the repository's gunicorn.conf.py and -w 2 (worker class,
max_requests, its access logger; access log to /dev/null for all three):
- the portal on a fresh database with the demo municipalities, PROXY_FIX=1, rate limits in Redis (flushed first);
- the floor, scripts/floor_app.py: bare Flask + Jinja serving the portal's own start page, byte for byte (rendered
  once at the start in Dutch and saved);
- the same-work floor, scripts/floor_same_work.py: the money-check step's reads and writes with SQLAlchemy Core on the
  same database and the portal's own pages, without the portal's framework (what it leaves out is in its docstring).
Scenarios (wrk's Lua scripts in scripts/wrk/): the start page GET /; the money-check step, GET question + POST answer
(CSRF token and session cookie taken from the answers) + GET where the redirect points, each wrk thread one resident
with its own address (so -t = -c: wrk's Lua state is per thread and it does not say which connection answered); the
ask page GET /vraag-stellen. The floor's run in each pair is always its start page with the scenario's -t and -c.

Per scenario: one uncounted warm-up run per server, then --pairs rounds of floor, (same-work floor,) portal, each
--seconds long. Printed: requests per second, p50/p95 (wrk's latency distribution), the ratio to the floor as the
median of the per-pair ratios (the shared machine's load changes between pairs, hardly within one), the server's CPU
per request (utime + stime from /proc of the gunicorn master and all its workers, workers it replaced included, over
the run / requests) and wrk's own CPU share of the machine (its rusage / (wall time × cores)). Then, on gunicorn -w 1
without max_requests: a fresh worker's CPU when it first answered and after its first start page (median of
--start-samples workers), and the worker's RSS after --rss-requests requests (start page, ask page, steps). Then a
Markdown table for docs/performance.md and one verdict per goal of issue 19. Exits 1 on any error.

The helpers here (Resident, serve, the walks) are shared with scripts/load_test.py, scripts/bench_fcp.py and
scripts/probe_security.py.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench_report import (
    FLOOR,
    PORTAL,
    SAME_WORK,
    Probe,
    ScenarioResult,
    detail_lines,
    markdown_tables,
    probe_lines,
    verdicts,
)
from bench_wrk import WrkRun, run_wrk, settle, wrk_path
from proc_cpu import children, own_cpu, private_mib, rss_mib

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
    if not re.fullmatch(r"portal_[a-z]+|[a-z_]*bench[a-z_]*", name):
        raise SystemExit(f"refusing to empty {name!r}: only throwaway databases (portal_*, or a name with 'bench')")
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


def venv_bin() -> Path:
    """The .venv's bin: the checkout's own, else the one of the Python running this (a git worktree has no .venv)."""
    own = ROOT / ".venv/bin"
    return own if (own / "gunicorn").exists() else Path(sys.executable).parent


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    database_url: str
    log: Path
    env: dict = field(repr=False, default_factory=dict)


@contextmanager
def gunicorn(app: str, env: dict, workers: int, folder: Path, *extra: str) -> Iterator[Server]:
    """gunicorn with the repository's gunicorn.conf.py (worker class, timeouts, max_requests, its logger) and
    -w workers, the access log to /dev/null (formatted, then dropped); the same for the portal and the floors.
    Stopped on exit."""
    port = free_port()
    log = folder / f"gunicorn-{app.split(':')[0]}-{port}.log"
    # stderr to a file: gunicorn's own lines and the app's tracebacks, to read when something failed.
    with log.open("ab") as log_file:
        process = subprocess.Popen([str(venv_bin() / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                                    "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
                                    *extra, app], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, env.get("DATABASE_URL", ""), log, env)
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


@contextmanager
def serve(database: str, workers: int, *, pg_name: str = "portal_bench", pg_url: str | None = None,
          redis_uri: str = "redis://127.0.0.1:6379/8", secret: str = "bench-http") -> Iterator[Server]:
    """The portal in gunicorn on a fresh database with the demo data (a temp SQLite file, or PostgreSQL pg_url or
    portal_<pg_name>, emptied first); rate-limit counts in Redis redis_uri (flushed first)."""
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    url = f"sqlite:///{folder / 'portal.sqlite3'}" if database == "sqlite" else pg_url or postgres_url(pg_name)
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(folder), "DATABASE_URL": url,
           "SECRET_KEY": secret, "PROXY_FIX": "1", "RATELIMIT_STORAGE_URI": redis_uri}
    if database == "postgres":
        reset_postgres(url)
    flush_redis_db(redis_uri)
    flask = [str(venv_bin() / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db-upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    with gunicorn("wsgi:app", env, workers, folder) as server:
        yield server


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


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (scripts/load_test.py's latencies; wrk reports its own)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


# --- the floors ---------------------------------------------------------------------------------------------------

STEP_QUESTION, STEP_ANSWER = "group", "none"  # as in scripts/wrk/step.lua


def capture_pages(base: str, folder: Path) -> Path:
    """Walk the portal once, in Dutch with the demo data, and save what the floors serve: the start page as it is,
    and for the step the intro, the question and the page after it, with the CSRF token cut out."""
    from floor_app import HOLE

    pages = folder / "floor-pages"
    pages.mkdir(exist_ok=True)
    resident = Resident(base)
    start = page(resident.get("/"), "/")
    if '<html lang="nl"' not in start:
        raise FlowError("the start page is not in Dutch")
    (pages / "start.html").write_text(start, encoding="utf-8")

    def save(name: str, html: str, where: str) -> None:
        (pages / f"{name}.html").write_text(html.replace(token(html, where), HOLE), encoding="utf-8")

    intro = page(resident.get("/geldcheck"), "/geldcheck")
    save("intro", intro, "/geldcheck")
    location = redirect(resident.post("/geldcheck/start", {"csrf_token": token(intro, "/geldcheck")}),
                        "/geldcheck/start")
    if location != f"/geldcheck/vraag/{STEP_QUESTION}":
        raise FlowError(f"the check starts at {location}; scripts/wrk/step.lua expects {STEP_QUESTION}")
    question = page(resident.get(location), location)
    save(STEP_QUESTION, question, location)
    after = redirect(resident.post(location, {"csrf_token": token(question, location), "answer": STEP_ANSWER}),
                     location)
    save(after.rsplit("/", 1)[1], page(resident.get(after), after), after)
    (pages / "step.json").write_text(json.dumps({"first": STEP_QUESTION,
                                                 "pages": [STEP_QUESTION, after.rsplit("/", 1)[1]],
                                                 "next": {STEP_QUESTION: after}}))
    return pages


@contextmanager
def servers(database: str, args) -> Iterator[dict[str, Server]]:
    """The portal, the floor and the same-work floor, each in gunicorn with the same settings, on one database."""
    with serve(database, args.workers, pg_url=args.postgres_url, redis_uri=args.redis) as portal:
        folder = portal.log.parent
        env = {**portal.env, "FLOOR_PAGES": str(capture_pages(portal.base, folder))}
        scripts = ("--pythonpath", str(ROOT / "scripts"))
        with (gunicorn("floor_app:create_app()", env, args.workers, folder, *scripts) as floor,
              gunicorn("floor_same_work:create_app()", env, args.workers, folder, *scripts) as same_work):
            yield {PORTAL: portal, FLOOR: floor, SAME_WORK: same_work}


# --- the scenarios ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    name: str
    script: str  # in scripts/wrk/
    path: str
    one_connection_per_thread: bool = False  # the script keeps a resident's state per wrk thread
    same_work: bool = False  # also run against the same-work floor


SCENARIOS = (
    Scenario("start page `/`", "page.lua", "/"),
    Scenario("money-check step (GET question, POST answer, GET next)", "step.lua", "", True, True),
    Scenario("ask page `/vraag-stellen`", "page.lua", "/vraag-stellen"),
)


def bench_scenario(running: dict[str, Server], scenario: Scenario, args) -> ScenarioResult:
    threads = args.connections if scenario.one_connection_per_thread else min(args.wrk_threads, args.connections)
    roles = [FLOOR, SAME_WORK, PORTAL] if scenario.same_work else [FLOOR, PORTAL]

    def once(role: str, seconds: float) -> WrkRun:
        server = running[role]
        # The floor always serves its start page: the least any page could cost, whatever the scenario.
        script, path = ("page.lua", "/") if role == FLOOR else (scenario.script, scenario.path)
        settle()
        return run_wrk(server.process.pid, server.base + path, script, seconds=seconds, threads=threads,
                       connections=args.connections)

    for role in roles:
        once(role, args.warmup)  # imports, templates and connection pools warm; not counted
    runs: dict[str, list[WrkRun]] = {role: [] for role in roles}
    for _ in range(args.pairs):  # interleaved: floor, (same-work floor,) portal, floor, ...
        for role in roles:
            runs[role].append(once(role, args.seconds))
    return ScenarioResult.of(scenario.name, runs)


# --- a worker's start and its memory ------------------------------------------------------------------------------

def _worker(master: int, not_this: int | None = None, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [pid for pid in children(master) if pid != not_this]
        if found:
            return found[0]
        time.sleep(0.05)
    raise SystemExit("gunicorn started no new worker")


def _mixed_requests(base: str, count: int, threads: int = 4) -> tuple[int, int]:
    """count requests through the portal, a mix like the scenarios': start page, ask page, money-check steps.
    Python threads, not wrk: here only the worker's memory counts, not how fast the client is."""
    done, errors, lock = [0], [0], threading.Lock()

    def resident() -> None:
        person = Resident(base)
        question = f"/geldcheck/vraag/{STEP_QUESTION}"
        try:
            intro = page(person.get("/geldcheck"), "/geldcheck")
            redirect(person.post("/geldcheck/start", {"csrf_token": token(intro, "/geldcheck")}), "/geldcheck/start")
        except (FlowError, OSError):
            with lock:
                errors[0] += 1
            return
        while True:
            with lock:
                if done[0] >= count:
                    return
                done[0] += 5
            try:
                page(person.get("/"), "/")
                page(person.get("/vraag-stellen"), "/vraag-stellen")
                html = page(person.get(question), question)
                after = redirect(person.post(question, {"csrf_token": token(html, question), "answer": STEP_ANSWER}),
                                 question)
                page(person.get(after), after)
            except (FlowError, OSError):
                with lock:
                    errors[0] += 1

    workers = [threading.Thread(target=resident, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return done[0], errors[0]


def probe_worker(portal: Server, args) -> Probe:
    """gunicorn -w 1 on the same database, max_requests off (else gunicorn.conf.py's 2 000 would replace the worker
    before it is measured). A fresh worker's CPU (utime + stime from /proc; a forked process starts at zero) when it
    first answered /healthz and after its first start page; then stopped, and the next one gunicorn starts is measured
    the same way. Then --rss-requests requests to the one worker, and its VmRSS and private memory."""
    ready, first_page = [], []
    with gunicorn("wsgi:app", portal.env, 1, portal.log.parent, "--max-requests", "0") as probe:
        master, worker = probe.process.pid, None
        for sample in range(args.start_samples):
            if sample:
                os.kill(worker, signal.SIGTERM)  # gunicorn replaces a worker that stopped
            worker = _worker(master, not_this=worker)
            urllib.request.urlopen(probe.base + "/healthz", timeout=30).close()  # waits for the new worker
            ready.append(own_cpu(worker))
            page(Resident(probe.base).get("/"), "/")
            first_page.append(own_cpu(worker))
        done, errors = _mixed_requests(probe.base, args.rss_requests)
        worker = _worker(master)
        return Probe(statistics.median(ready), statistics.median(first_page), args.start_samples, done,
                     rss_mib(worker), rss_mib(master), errors, private_mib(worker))


# --- the whole run ------------------------------------------------------------------------------------------------

def bench_database(database: str, args) -> tuple[list[ScenarioResult], Probe | None]:
    results = []
    with servers(database, args) as running:
        for scenario in SCENARIOS:
            results.append(bench_scenario(running, scenario, args))
            print(f"  {database:<10} {scenario.name} done", flush=True)
        probe = probe_worker(running[PORTAL], args) if args.rss_requests or args.start_samples else None
    return results, probe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved floor/portal runs per scenario")
    parser.add_argument("--seconds", type=float, default=5, help="length of one run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of an uncounted first run per server")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads for the page scenarios (the step "
                        "uses one per connection)")
    parser.add_argument("--rss-requests", type=int, default=10_000, help="requests to one worker before its RSS")
    parser.add_argument("--start-samples", type=int, default=3, help="fresh workers whose start CPU is measured")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="PostgreSQL to EMPTY and use (name portal_* or with 'bench'); default "
                             + postgres_url("portal_bench"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8", help="Redis db for rate limits (flushed)")
    args = parser.parse_args()
    if args.start_samples < 1 and args.rss_requests:
        parser.error("--rss-requests needs --start-samples of at least 1")
    wrk_path()  # says how to install it before anything starts
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; gunicorn -c gunicorn.conf.py -w "
          f"{args.workers} for the portal and both floors; wrk {args.connections} connections, -t {args.wrk_threads} "
          f"for pages, -t {args.connections} for the step; {args.pairs} interleaved pairs of {args.seconds:g} s after "
          f"{args.warmup:g} s of warm-up; figures are medians, ratios medians of per-pair ratios", flush=True)
    all_results, probes = {}, {}
    for database in databases:
        all_results[database], probe = bench_database(database, args)
        if probe:
            probes[database] = probe
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}\n")
    print("\n".join(markdown_tables(all_results)))
    print("\nA step is three requests; its req/s and latencies are per request. wrk: scripts/wrk/*.lua.\n")
    print("\n".join(detail_lines(all_results) + probe_lines(probes)))
    print("\nGoals of issue 19:")
    print("\n".join(verdicts(all_results, probes)))
    failed = any(side.errors for results in all_results.values() for r in results for side in r.sides.values())
    return 1 if failed or any(p.rss_errors for p in probes.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
