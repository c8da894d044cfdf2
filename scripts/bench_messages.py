"""Benchmark: draining the outbox. 10 000 queued messages, two `flask send-messages` workers, the fake Notify service.

    .venv/bin/python scripts/bench_messages.py [--database sqlite|postgres|both] [--messages 10000] [--runs 3]
                                               [--postgres URL] [--fail-fraction 0.1]

Per run, on a fresh database (a temp SQLite file; for PostgreSQL the database of --postgres, created if missing and
emptied first) migrated to head:
1. 10 000 messages are queued through the real enqueue path (services/outbox.enqueue), half sms and half e-mail,
   committed in batches of 500; each message's commit time is recorded.
2. The fake Notify service (scripts/fake_notify.py) starts on a free loopback port, answering a share of the sends
   with 500 (seeded) in the second scenario.
3. Two worker processes start: `flask --app wsgi send-messages` with NOTIFIER=notify and the fake's settings, idle
   time 0.05 s and --first-retry-seconds 0.05 (a retry after a 500 waits 0.05, 0.1, 0.2 ... s instead of 30 s, 1 min
   ...). They run through flask's own entry point (what .venv/bin/flask calls) with INFO logging on stderr, as a
   deployment logs them, so each worker's start and its counts per batch are read from its own log.
4. When no message is queued any more, the workers get SIGTERM (they finish the batch in hand and stop).

Printed per run and as the median over --runs runs per scenario:
- messages per second: messages / drain time, the drain time running from the first worker's start (its "started"
  log line, after the app was built) to the last message Notify received; the workers' start-up is shown apart.
- p50 / p95 from commit to Notify's receipt (the fake's receive time of the message's first arrival). All messages are
  queued before the workers start, so this is mostly the wait behind the backlog: read it as "how long the last of
  10 000 waits", not as the latency of a single message.
- each worker's share of the sends (from its log), messages retried (attempts > 1) and the 500s the fake gave.
- lost: queued messages that Notify never received; doubled: references Notify received more than once. No worker is
  killed here, so the worker's one allowed duplicate (after a kill, portal/messaging/worker.py) does not apply: both
  must be 0, and the script exits 1 otherwise (or when messages are still queued after --timeout).
Loopback only; nothing leaves the machine. Afterwards the SQLite file is deleted and the PostgreSQL tables dropped (the
database too, if this run made it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from portal import blind_index, create_app  # noqa: E402
from portal.db import Base, transaction  # noqa: E402
from portal.domain.messages import MessageChannel, MessageKind, MessageState  # noqa: E402
from portal.encryption import new_key  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.models import OutboxMessage  # noqa: E402
from portal.services import outbox  # noqa: E402
from scripts.fake_notify import FakeNotify  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_messages"
COMMIT_BATCH = 500
WORKERS = 2
IDLE_SECONDS = 0.05
FIRST_RETRY_SECONDS = 0.05
# flask's own entry point (the one .venv/bin/flask runs), with INFO logging as a deployment configures it.
WORKER_MAIN = ("import logging, sys; "
               "logging.basicConfig(level=logging.INFO, stream=sys.stderr, format='%(created).6f %(message)s'); "
               "from flask.cli import main; sys.argv[0] = 'flask'; main()")
STARTED = re.compile(r"^(\d+\.\d+) send-messages: started", re.M)
DB_WAIT = re.compile(r"send-messages: database unavailable")
BATCH_LINE = re.compile(r"^\d+\.\d+ send-messages: (\d+) sent, (\d+) to retry", re.M)


@dataclass
class RunResult:
    per_second: float
    drain: float
    start_up: float
    p50: float
    p95: float
    shares: list[int]
    retried: int
    refused: int
    lost: int
    doubled: int
    unfinished: int
    unknown: int
    db_waits: int  # the workers' "database unavailable" log lines (SQLite: locked for longer than its busy time-out)

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.doubled or self.unfinished or self.unknown)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def fresh_database(app) -> None:
    engine = app.extensions["db_engine"]
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(app)


def queue_messages(app, count: int) -> dict[str, float]:
    """The real enqueue path, committed in batches; each message's reference with its commit time (epoch s)."""
    committed: dict[str, float] = {}
    session = app.extensions["db_sessionmaker"]()
    for start in range(0, count, COMMIT_BATCH):
        with transaction(session):
            messages = []
            for number in range(start, min(count, start + COMMIT_BATCH)):
                sms = number % 2 == 0
                messages.append(outbox.enqueue(
                    session, kind=MessageKind.TRIED_TO_CALL,
                    channel=MessageChannel.SMS if sms else MessageChannel.EMAIL,
                    to=f"+3161{number:07d}" if sms else f"bewoner{number}@example.nl",
                    subject=None if sms else "Gemeente",
                    body=f"Bericht {number}: we belden u, maar kregen u niet te pakken."))
            session.flush()  # the reference (a Python-side default) is set now, without a read after the commit
            references = [message.reference for message in messages]
        now = time.time()
        committed.update(dict.fromkeys(references, now))
    session.close()
    return committed


def start_workers(env: dict, folder: Path) -> list[tuple[subprocess.Popen, Path]]:
    workers = []
    for number in range(WORKERS):
        log = folder / f"worker-{number}.log"
        with log.open("w") as handle:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_MAIN, "--app", "wsgi", "send-messages", "--idle-seconds",
                 str(IDLE_SECONDS), "--first-retry-seconds", str(FIRST_RETRY_SECONDS)],
                cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        workers.append((process, log))
    return workers


def stop_workers(workers: list[tuple[subprocess.Popen, Path]]) -> None:
    for process, _ in workers:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process, _ in workers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_drained(app, workers, deadline: float) -> int:
    """Polls the outbox until nothing is queued; returns how many still are at the deadline."""
    engine = app.extensions["db_engine"]
    queued = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == MessageState.QUEUED)
    while True:
        with engine.connect() as connection:
            left = connection.execute(queued).scalar_one()
        if not left or time.monotonic() > deadline:
            return left
        for process, log in workers:
            if process.poll() is not None:
                raise SystemExit(f"a worker stopped with {process.returncode}; see {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.25)


def run_once(url: str, folder: Path, count: int, fail_fraction: float, seed: int, timeout: float) -> RunResult:
    keys = {"SECRET_KEY": "bench-messages", "DATA_ENCRYPTION_KEYS": new_key(),
            "BLIND_INDEX_KEYS": blind_index.new_key()}
    app = create_app({"PORTAL_ENV": "development", "DATABASE_URL": url, **keys})
    fresh_database(app)
    committed = queue_messages(app, count)

    fake = FakeNotify(seed=seed).start()
    fake.fail_fraction(500, fail_fraction)
    config = fake.config()
    env = {**os.environ, **keys, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(folder),
           "DATABASE_URL": url, "NOTIFIER": "notify", "NOTIFY_BASE_URL": config["NOTIFY_BASE_URL"],
           "NOTIFY_API_KEY": config["NOTIFY_API_KEY"], "NOTIFY_TEMPLATE_IDS": json.dumps(config["NOTIFY_TEMPLATE_IDS"]),
           "NOTIFY_CALLBACK_TOKEN": config["NOTIFY_CALLBACK_TOKEN"]}
    launched = time.time()
    workers = start_workers(env, folder)
    try:
        unfinished = wait_until_drained(app, workers, time.monotonic() + timeout)
    finally:
        stop_workers(workers)
        fake.stop()

    logs = [log.read_text() for _, log in workers]
    started = [float(found.group(1)) for log in logs if (found := STARTED.search(log))]
    shares = [sum(int(sent) for sent, _ in BATCH_LINE.findall(log)) for log in logs]
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        rows = connection.execute(select(OutboxMessage.reference, OutboxMessage.attempts)).all()
    engine.dispose()

    arrivals = Counter(got["reference"] for got in fake.received)
    first_arrival: dict[str, float] = {}
    for got in fake.received:
        first_arrival.setdefault(got["reference"], got["received_at"])
    in_database = {reference for reference, _ in rows}
    latencies = [first_arrival[ref] - committed[ref] for ref in committed if ref in first_arrival]
    first_start = min(started) if started else launched
    drain = max(first_arrival.values()) - first_start if first_arrival else float("nan")
    return RunResult(
        per_second=count / drain, drain=drain, start_up=first_start - launched,
        p50=percentile(latencies, 0.50), p95=percentile(latencies, 0.95), shares=shares,
        retried=sum(1 for _, attempts in rows if attempts > 1), refused=len(fake.refused),
        lost=sum(1 for ref in in_database if ref not in arrivals),
        doubled=sum(1 for n in arrivals.values() if n > 1), unfinished=unfinished,
        unknown=sum(1 for ref in arrivals if ref not in in_database) + (len(in_database) != count),
        db_waits=sum(len(DB_WAIT.findall(log)) for log in logs))


def describe(result: RunResult) -> str:
    total = sum(result.shares) or 1
    shares = " / ".join(f"{100 * n / total:.0f} %" for n in result.shares)
    return (f"{result.per_second:7.0f} msg/s  drain {result.drain:6.1f} s (start-up {result.start_up:.1f} s)  "
            f"p50 {result.p50:6.2f} s  p95 {result.p95:6.2f} s  workers {shares}  retried {result.retried} "
            f"(500s given {result.refused})  lost {result.lost}  doubled {result.doubled}"
            + (f"  database waits {result.db_waits}" if result.db_waits else "")
            + (f"  STILL QUEUED {result.unfinished}" if result.unfinished else "")
            + (f"  UNKNOWN {result.unknown}" if result.unknown else ""))


def run_database(label: str, url: str, args) -> bool:
    """Both scenarios, --runs runs each; True when nothing was lost, doubled or left."""
    print(f"\n{label}: {args.messages} messages, {WORKERS} workers, median of {args.runs} runs; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores before the runs")
    summary, ok = [], True
    scenarios = (("no failures", 0.0), (f"{100 * args.fail_fraction:g} % answered 500", args.fail_fraction))
    for scenario, fraction in scenarios:
        results = []
        for run in range(args.runs):
            folder = Path(tempfile.mkdtemp(prefix="bench-messages-"))
            try:
                run_url = f"sqlite:///{folder / 'bench.sqlite3'}" if url == "sqlite" else url
                result = run_once(run_url, folder, args.messages, fraction, seed=16 + run, timeout=args.timeout)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            print(f"  {scenario}, run {run + 1}: {describe(result)}")
            ok &= not result.failed
            results.append(result)
        summary.append((scenario, results))
    print(f"{'scenario':<22} {'msg/s':>6} {'drain s':>8} {'p50 s':>6} {'p95 s':>6} {'worker shares':>14} "
          f"{'retried':>8} {'lost':>5} {'doubled':>8}")
    for scenario, results in summary:
        shares = [statistics.median(r.shares[i] / (sum(r.shares) or 1) for r in results) for i in range(WORKERS)
                  if all(len(r.shares) == WORKERS for r in results)]
        print(f"{scenario:<22} {statistics.median(r.per_second for r in results):>6.0f} "
              f"{statistics.median(r.drain for r in results):>8.1f} {statistics.median(r.p50 for r in results):>6.2f} "
              f"{statistics.median(r.p95 for r in results):>6.2f} "
              f"{' / '.join(f'{100 * s:.0f} %' for s in shares):>14} "
              f"{statistics.median(r.retried for r in results):>8.0f} {sum(r.lost for r in results):>5} "
              f"{sum(r.doubled for r in results):>8}")
    return ok


def postgres_answers(url: str) -> bool:
    host, port = "127.0.0.1", 5432
    found = re.search(r"@([^:/]+)(?::(\d+))?/", url)
    if found:
        host, port = found.group(1), int(found.group(2) or 5432)
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"],
                        help="default: both when PostgreSQL answers, else sqlite")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="created if missing, emptied first")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fail-fraction", type=float, default=0.1,
                        help="share of sends answered 500, second scenario")
    parser.add_argument("--timeout", type=float,
                        help="seconds a run may take to drain (default: messages / 20, at least 120)")
    args = parser.parse_args()
    args.timeout = args.timeout or max(120.0, args.messages / 20)
    database = args.database or ("both" if postgres_answers(args.postgres) else "sqlite")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"bench_messages on {os.cpu_count()} cores; uptime: {uptime}")
    ok = True
    if database in ("sqlite", "both"):
        ok &= run_database("SQLite", "sqlite", args)
    if database in ("postgres", "both"):
        admin = create_engine(args.postgres.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        name, created = args.postgres.rsplit("/", 1)[1], False
        with admin.connect() as connection:
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
                created = True
        try:
            ok &= run_database("PostgreSQL", args.postgres, args)
        finally:
            if created:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            else:
                engine = create_engine(args.postgres)
                Base.metadata.drop_all(engine)
                with engine.begin() as connection:
                    connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
                engine.dispose()
            admin.dispose()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"\nafterwards: {uptime}")
    print("PASS: nothing lost, nothing doubled" if ok else "FAIL: a message was lost, doubled or left queued")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
