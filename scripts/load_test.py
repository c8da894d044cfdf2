"""Load without loss: many residents at once through the money check and the sign-up; one worker killed halfway.

    .venv/bin/python scripts/load_test.py [--residents 200] [--workers 4] [--database postgres|sqlite]
                                          [--pg-name portal_load] [--redis-db 7] [--timeout 300] [--ramp 3]
    .venv/bin/python scripts/load_test.py --proxy [--workers 2] [--compare-pairs 3] [--compare-residents 100] ...

Starts gunicorn (the repository's gunicorn.conf.py, --workers sync workers) on a free loopback port, behind PROXY_FIX=1,
with rate-limit counts shared in Redis database --redis-db (flushed first, nothing else is touched) and a throwaway
database: PostgreSQL --pg-name (emptied first) or a temp SQLite file, both with the demo data. Then --residents threads
run at once, each its own resident with its own cookies and X-Forwarded-For address:
  the money check from /geldcheck through every question (postcode 2651, Lansingerland) to the result, then the full
  sign-up from /aanmelden through every step (the check's outcome carried over by every other resident) to the check
  page and "send", ending on the confirmation with its reference (like KP7-3XA).
Mixed in: every 4th resident sends the final POST twice at the same moment from two threads with the same cookies
(a double tap), and every 5th presses "send" again after seeing the confirmation; every answer must show the same
reference. When half of the residents have reached the sign-up, one gunicorn worker (not the master) is sent SIGKILL;
gunicorn starts a new one. A request that dies with it (connection reset, remote end closed) is sent again, at most
twice more, as a resident pressing again would.

Afterwards the database is read directly (portal.models.Aanmelding) and the run PASSes only when: every resident
finished; exactly one case per resident who saw a confirmation, with that reference and that resident's name; no
seen reference is missing; no case without a confirmation; references and submission keys unique; no 5xx; no dropped
request other than those in flight in the killed worker (reported separately). Prints a summary, exits 1 on FAIL.
Loopback only; every loop is bounded and the whole run stops after --timeout seconds.

--proxy: the scale-out shape (docs/deployment.md): nginx (deploy/nginx/) in front of two gunicorn instances sharing
PostgreSQL and Redis; one whole instance is killed halfway, and sessions and rate limits are checked across the two;
req/s of one instance against two on this machine. What it does and checks: scripts/load_test_proxy.py.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import threading
import time
import urllib.error
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench_http import (
    FlowError,
    Reply,
    Resident,
    Server,
    fill_signup,
    page,
    percentile,
    redirect,
    reference,
    serve,
    submit_signup,
    token,
    walk_selftest,
)

MAX_ATTEMPTS = 3  # the first try and two presses again
RETRY_PAUSE = 0.5  # a person needs a moment to see the error and press again
KILL_WINDOW = 5.0  # seconds after the kill in which a dropped request counts as "died with the worker"
DROPPED = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.RemoteDisconnected,
           http.client.IncompleteRead)
# nginx's own error page: a POST whose app server died mid-request (nginx passes no POST on, deploy/nginx/proxy.conf).
PROXY_502 = "<center>nginx</center>"
LABELS = ((re.compile(r"^/geldcheck/vraag/[^/?]+"), "/geldcheck/vraag/<question>"),
          (re.compile(r"^/aanmelden/stap/[^/?]+"), "/aanmelden/stap/<step>"))


def label(method: str, path: str) -> str:
    path = path.split("?")[0]
    for pattern, name in LABELS:
        path = pattern.sub(name, path)
    return f"{method} {path}"


@dataclass
class Drop:
    at: float
    request: str
    error: str


@dataclass
class Stats:
    """Everything the residents saw, shared by all threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list[tuple[str, int, float]] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    retries: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (kind, what happened)
    seen: dict[int, str] = field(default_factory=dict)  # resident number -> reference on their confirmation
    double_submits: int = 0
    pressed_again: int = 0
    signing_up: int = 0
    started: float = 0.0

    def add(self, **changes) -> None:
        with self.lock:
            for name, value in changes.items():
                current = getattr(self, name)
                if isinstance(current, list):
                    current.append(value)
                elif isinstance(current, dict):
                    current.update(value)
                else:
                    setattr(self, name, current + value)


class TrackedResident(Resident):
    """A resident whose every request is timed and counted, and pressed again when the connection dies."""

    def __init__(self, base: str, stats: Stats, deadline: float, **kwargs):
        super().__init__(base, **kwargs)
        self.stats, self.deadline = stats, deadline

    def send(self, method: str, path: str, data: dict | None = None) -> Reply:
        name = label(method, path)
        for attempt in range(MAX_ATTEMPTS):
            if time.monotonic() > self.deadline:
                raise FlowError(f"{name}: the run's --timeout passed")
            started = time.perf_counter()
            try:
                reply = super().send(method, path, data)
            except (urllib.error.URLError, *DROPPED) as exc:
                reason = getattr(exc, "reason", exc)
                if not isinstance(reason, DROPPED):
                    raise FlowError(f"{name}: {reason!r}") from exc
                self.stats.add(drops=Drop(time.monotonic(), name, type(reason).__name__))
                if attempt + 1 == MAX_ATTEMPTS:
                    raise FlowError(f"{name}: connection dropped {MAX_ATTEMPTS} times") from exc
                self.stats.add(retries=1)
                time.sleep(RETRY_PAUSE)
                continue
            except TimeoutError as exc:
                raise FlowError(f"{name}: no answer within 30 s") from exc
            if reply.status == 502 and PROXY_502 in reply.body:
                # The same as a dropped connection, one hop further: the resident sees an error page, presses again.
                self.stats.add(drops=Drop(time.monotonic(), name, "502 from the proxy"))
                if attempt + 1 == MAX_ATTEMPTS:
                    raise FlowError(f"{name}: 502 from the proxy {MAX_ATTEMPTS} times")
                self.stats.add(retries=1)
                time.sleep(RETRY_PAUSE)
                continue
            self.stats.add(timings=(name, reply.status, (time.perf_counter() - started) * 1000))
            return reply
        raise AssertionError("unreachable")


def call_name(number: int) -> str:
    return f"Bewoner {number}"


def double_submit(resident: TrackedResident, check_html: str, name: str) -> tuple[str | None, TrackedResident]:
    """Two taps on 'send' at once: two requests with the same cookies, each answer read with its own copy."""
    taps = [TrackedResident(resident.base, resident.stats, resident.deadline, address=resident.address,
                            jar=resident.cookies_copy()) for _ in range(2)]
    answers: list[str | BaseException] = [RuntimeError("no answer"), RuntimeError("no answer")]
    barrier = threading.Barrier(2, timeout=30)

    def tap(index: int) -> None:
        try:
            barrier.wait()
            answers[index] = submit_signup(taps[index], check_html)
        except Exception as exc:  # noqa: BLE001  (compared and reported below)
            answers[index] = exc

    threads = [threading.Thread(target=tap, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    seen = [a for a in answers if isinstance(a, str)]
    if len(seen) != 2 or seen[0] != seen[1]:
        resident.stats.add(failures=("double submit: the two answers were not the same confirmation",
                                     f"{name}: {answers[0]!r} and {answers[1]!r}"))
    winner = next((i for i, a in enumerate(answers) if isinstance(a, str)), 0)
    return (seen[0] if seen else None), taps[winner]


def press_again(resident: TrackedResident, check_html: str, expected: str) -> None:
    """Back to the check page (the browser keeps it) and 'send' once more: the same confirmation, no second case."""
    location = redirect(resident.post("/aanmelden/controleren", {"csrf_token": token(check_html, "check page")}),
                        "/aanmelden/controleren again")
    again = reference(page(resident.get(location), location), location)
    if again != expected:
        raise FlowError(f"pressing send again showed {again}, not {expected}")


def live(number: int, server: Server, stats: Stats, deadline: float, ramp: float) -> None:
    """One resident's visit, from the money check to the confirmation."""
    rng = random.Random(number)
    time.sleep(rng.uniform(0, ramp))  # people do not all press at the same millisecond
    resident = TrackedResident(server.base, stats, deadline)
    try:
        walk_selftest(resident)
        stats.add(signing_up=1)
        changes = {"contact": {"call_name": call_name(number)}, "geldcheck": {"carry": "yes" if number % 2 else "no"}}
        check_html = fill_signup(resident, changes)
        if number % 4 == 0:
            stats.add(double_submits=1)
            seen, resident = double_submit(resident, check_html, call_name(number))
        else:
            seen = submit_signup(resident, check_html)
        if seen is None:
            raise FlowError("no confirmation after the double submit")
        stats.add(seen={number: seen})
        if number % 5 == 0:
            stats.add(pressed_again=1)
            press_again(resident, check_html, seen)
    except FlowError as exc:
        stats.add(failures=("a resident's visit went wrong", f"{call_name(number)}: {exc}"))
    except Exception as exc:  # noqa: BLE001  (a broken script must show up in the summary, not end a thread quietly)
        stats.add(failures=("the script itself failed", f"{call_name(number)}: {exc!r}"))


@dataclass
class Kill:
    pid: int | None = None
    at: float | None = None
    respawned: bool = False  # a worker: gunicorn started a new one; an instance: all of it gone, the other serving
    note: str = ""
    what: str = "worker"
    replaced_by: str = "gunicorn"


def worker_pids(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, timeout=5)
    return [int(pid) for pid in found.stdout.split()]


def kill_a_worker(server: Server, stats: Stats, residents: int, workers: int, deadline: float, kill: Kill) -> None:
    """When half of the residents are signing up, SIGKILL one worker (usually one serving a request)."""
    while stats.signing_up < residents // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = worker_pids(server.process.pid)
    if not pids:
        kill.note = "no worker found"
        return
    kill.pid = random.choice(pids)
    os.kill(kill.pid, signal.SIGKILL)
    kill.at = time.monotonic()
    for _ in range(150):  # 15 s at most
        current = worker_pids(server.process.pid)
        if kill.pid not in current and len(current) >= workers:
            kill.respawned = True
            return
        time.sleep(0.1)


def portal_app(server: Server):
    """The portal as gunicorn's workers built it (same settings and keys), to read the cases as the workspace would."""
    from portal import create_app

    os.environ.update(server.env)  # create_app reads its settings from the environment
    return create_app()


def existing_references(app) -> set[str]:
    from sqlalchemy import select

    from portal.models import Aanmelding

    with app.extensions["db_sessionmaker"]() as session:
        return set(session.scalars(select(Aanmelding.reference)))


def check_database(app, before: set[str], stats: Stats, residents: int) -> tuple[int, list[str]]:
    """Compare what residents saw with what the ketenregisseur's queue holds; returns (new cases, problems)."""
    from sqlalchemy import select

    from portal.models import Aanmelding

    with app.extensions["db_sessionmaker"]() as session:
        rows = [row for row in session.execute(
            select(Aanmelding.reference, Aanmelding.submission_key, Aanmelding.call_name)) if row[0] not in before]
    problems = []
    by_reference = {row.reference: row for row in rows}
    per_name = Counter(row.call_name for row in rows)
    if len(by_reference) != len(rows) or len({row.submission_key for row in rows}) != len(rows):
        problems.append("a reference or submission key occurs twice")
    if len(rows) != len(stats.seen):
        problems.append(f"{len(rows)} new cases in the database, {len(stats.seen)} residents saw a confirmation")
    for number, seen in sorted(stats.seen.items()):
        row = by_reference.get(seen)
        if row is None:
            problems.append(f"{call_name(number)} saw {seen}, which is not in the database")
        elif row.call_name != call_name(number):
            problems.append(f"{call_name(number)} saw {seen}, which is the case of {row.call_name}")
    doubled = sorted(name for name, count in per_name.items() if count > 1)
    if doubled:
        problems.append(f"more than one case for: {', '.join(doubled[:10])}")
    confirmed = {call_name(number) for number in stats.seen}
    unconfirmed = sorted(name for name in per_name if name not in confirmed)
    if unconfirmed:
        problems.append(f"cases whose resident saw no confirmation: {', '.join(unconfirmed[:10])}")
    if len(stats.seen) != residents:
        problems.append(f"{residents - len(stats.seen)} of {residents} residents saw no confirmation")
    return len(rows), problems


def classify_drops(stats: Stats, kill: Kill) -> tuple[list[Drop], list[Drop]]:
    """Dropped requests split into those that died with the killed worker and any others (which are a problem)."""
    with_kill, other = [], []
    for drop in stats.drops:
        killed = kill.at is not None and kill.at - 0.1 <= drop.at <= kill.at + KILL_WINDOW
        (with_kill if killed else other).append(drop)
    return with_kill, other


def print_timings(stats: Stats) -> None:
    by_label = defaultdict(list)
    for name, _status, ms in stats.timings:
        by_label[name].append(ms)
    every = [ms for _name, _status, ms in stats.timings]
    print(f"{'request':<40} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in sorted(by_label.items(), key=lambda item: -len(item[1])):
        print(f"{name:<40} {len(values):>6} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f} "
              f"{max(values):>8.1f}")
    if every:
        print(f"{'every request':<40} {len(every):>6} {statistics.median(every):>8.1f} "
              f"{percentile(every, 0.95):>8.1f} {max(every):>8.1f}")


def first_traceback(log_text: str) -> str:
    start = log_text.find("Traceback")
    if start < 0:
        return ""
    end = log_text.find("\n[", start)
    return log_text[start:end if end > 0 else start + 4000][:4000]


def report(args, server: Server, stats: Stats, kill: Kill, cases: int, problems: list[str], wall: float,
           setup: str = "", logs: list | None = None) -> bool:
    statuses = Counter(status for _name, status, _ms in stats.timings)
    server_errors = [(name, status) for name, status, _ms in stats.timings if status >= 500]
    died, other_drops = classify_drops(stats, kill)
    if server_errors:
        problems.append(f"{len(server_errors)} responses 5xx: {Counter(server_errors).most_common(5)}")
    if other_drops:
        problems.append(f"{len(other_drops)} dropped requests not explained by the kill: {other_drops[:5]}")
    if not kill.respawned:
        problems.append(f"the killed {kill.what} was not replaced ({kill.note or kill.pid})")
    by_kind = defaultdict(list)
    for kind, text in stats.failures:
        by_kind[kind].append(text)
    for kind, texts in by_kind.items():
        problems.append(f"{kind}: {len(texts)} times, e.g. " + "; ".join(texts[:3]))
    logs = logs or [server.log]
    log_text = "".join(log.read_text(errors="replace") for log in logs if log.exists())
    setup = setup or f"gunicorn {args.workers} sync workers"
    print(f"\nLoad test: {args.residents} residents, {setup}, {args.database}, {wall:.1f} s")
    print(f"residents completed (saw their reference): {len(stats.seen)} of {args.residents}")
    print(f"double submits (two POSTs at once): {stats.double_submits}; pressed send again after the confirmation: "
          f"{stats.pressed_again}")
    print(f"requests: {len(stats.timings)} answered, {len(stats.timings) / wall:.0f} per s; "
          f"status counts: {dict(sorted(statuses.items()))}")
    if kill.at:
        print(f"{kill.what} killed (SIGKILL): pid {kill.pid} at {kill.at - stats.started:.1f} s into the "
              f"run; replaced by {kill.replaced_by}: {'yes' if kill.respawned else 'NO'}")
    else:
        print(f"{kill.what} killed: no ({kill.note})")
    print(f"requests that died with the killed {kill.what}: {len(died)} {[(d.request, d.error) for d in died]}; "
          f"other dropped requests: {len(other_drops)}; retries: {stats.retries}")
    print(f"errors by status (>= 400): {dict(sorted((s, n) for s, n in statuses.items() if s >= 400)) or 'none'}")
    print(f"new cases in the database: {cases} (one per confirmed resident: {cases == len(stats.seen)})")
    print(f"tracebacks in gunicorn's logs: {log_text.count('Traceback')}; "
          f"'database is locked': {log_text.count('database is locked')}")
    print_timings(stats)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if log_text.count("Traceback"):
        print(f"first traceback ({', '.join(map(str, logs))}):\n{first_traceback(log_text)}")
    print("PASS" if not problems else "FAIL")
    return not problems


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None,
                        help="sync workers per gunicorn (default 4; with --proxy 2 per instance)")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--pg-name", default="portal_load", help="the throwaway PostgreSQL database (emptied first)")
    parser.add_argument("--redis-db", type=int, default=7, choices=range(1, 16), metavar="1..15",
                        help="the Redis database number for rate-limit counts (flushed first; never 0)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the whole run of the residents")
    parser.add_argument("--ramp", type=float, default=3, help="residents start within this many seconds")
    proxy = parser.add_argument_group("scale-out (--proxy)")
    proxy.add_argument("--proxy", action="store_true",
                       help="two gunicorn instances behind nginx (deploy/nginx/); one whole instance killed halfway")
    proxy.add_argument("--compare-pairs", type=int, default=3,
                       help="interleaved runs of one instance (2x workers) and two instances, for req/s; 0: none")
    proxy.add_argument("--compare-residents", type=int, default=100, help="residents in each comparison run")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if args.workers is None:
        args.workers = 2 if args.proxy else 4
    if args.proxy and args.database != "postgres":
        build_parser().error("--proxy needs --database postgres: two instances cannot share a SQLite file safely")
    args.redis_uri = f"redis://127.0.0.1:6379/{args.redis_db}"
    return args


def run_residents(base, args, residents: int, killer=None, stats: Stats | None = None) -> tuple[Stats, float]:
    """`residents` visits at once against base (a Server or Proxy: anything with .base); killer(stats, deadline) runs
    beside them. Returns what they saw and the wall time."""
    started = time.monotonic()
    stats = stats or Stats()
    stats.started = started
    deadline = started + args.timeout
    threads = [threading.Thread(target=live, args=(n, base, stats, deadline, args.ramp), daemon=True)
               for n in range(1, residents + 1)]
    if killer is not None:
        threads.append(threading.Thread(target=killer, args=(stats, deadline), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.1, deadline + 60 - time.monotonic()))
    wall = time.monotonic() - started
    if any(thread.is_alive() for thread in threads):
        stats.failures.append(("--timeout passed", "some residents were still busy"))
    return stats, wall


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.proxy:
        from load_test_proxy import run_proxy

        return run_proxy(args)
    with serve(args.database, args.workers, pg_name=args.pg_name, redis_uri=args.redis_uri,
               secret="load-test") as server:
        app = portal_app(server)
        before = existing_references(app)
        kill = Kill()

        def killer(stats: Stats, deadline: float) -> None:
            kill_a_worker(server, stats, args.residents, args.workers, deadline, kill)

        stats, wall = run_residents(server, args, args.residents, killer)
        cases, problems = check_database(app, before, stats, args.residents)
        passed = report(args, server, stats, kill, cases, problems, wall)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
