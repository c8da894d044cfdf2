"""HTTP benchmark: requests per second and p50/p95 latency under 50 concurrent connections against gunicorn.

    .venv/bin/python scripts/bench_http.py [--seconds 10] [--connections 50] [--workers 2] [--database sqlite|postgres]

Starts gunicorn on a free loopback port with a throwaway database and the demo municipalities, then for each scenario
runs --connections threads for --seconds, each thread with its own cookie jar (its own resident). Prints the median of
three runs per scenario. Loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Resident:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            response.read()
            return response.status


def start_page(resident: Resident) -> None:
    resident.get("/")


def selftest_step(resident: Resident) -> None:
    """One answered question of the money check: GET the question, POST the answer, follow the redirect."""
    if not getattr(resident, "started", False):
        token = TOKEN.search(resident.get("/geldcheck")).group(1)
        resident.post("/geldcheck/start", {"csrf_token": token})
        resident.started = True
    page = resident.get("/geldcheck/vraag/group")
    resident.post("/geldcheck/vraag/group", {"csrf_token": TOKEN.search(page).group(1), "answer": "none"})


def run(base: str, scenario, seconds: float, connections: int) -> tuple[float, float, float, int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        resident = Resident(base)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                scenario(resident)
            except Exception:  # noqa: BLE001  (counted and reported)
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return len(latencies) / seconds, statistics.median(latencies), p95, errors[0]


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = 'portal_bench'")).first():
            connection.execute(text("CREATE DATABASE portal_bench"))
    with create_engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = (f"sqlite:///{folder / 'http.sqlite3'}" if args.database == "sqlite"
           else "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench")
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(folder), "DATABASE_URL": url,
           "SECRET_KEY": "bench-http"}
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    if args.database == "postgres":
        reset_postgres(url)
    subprocess.run(flask + ["db-upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
                               "--access-logfile", "/dev/null", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn {args.workers} workers, {args.database}, {args.connections} connections, "
              f"{args.seconds:.0f} s per run, median of 3 runs")
        print(f"{'scenario':<16} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for name, scenario in (("start page", start_page), ("self-test step", selftest_step)):
            runs = [run(base, scenario, args.seconds, args.connections) for _ in range(3)]
            rps, p50, p95 = (statistics.median(r[i] for r in runs) for i in range(3))
            print(f"{name:<16} {rps:>8.0f} {p50:>8.1f} {p95:>8.1f} {sum(r[3] for r in runs):>7}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
