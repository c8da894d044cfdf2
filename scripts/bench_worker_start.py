"""What a gunicorn worker costs to start, and how big it is after many requests.

    .venv/bin/python scripts/bench_worker_start.py [--requests 10000] [--respawns 5] [--redis redis://127.0.0.1:6379/9]

Starts gunicorn with the repository's gunicorn.conf.py and -w 2 on a temp SQLite database with the demo data
(development mode, rate-limit counts in the given numbered Redis database, flushed first), then reads CPU time
(utime + stime from /proc/<pid>/stat, 10 ms ticks) of:
- the master, once the workers answer (with preload_app the import happens there, once);
- a new worker, the way gunicorn makes one when max_requests recycles a worker: the worker is sent SIGTERM, gunicorn
  forks a replacement, and the replacement's CPU is read when it is idle (booted) and after it has answered its first
  `/` (the other worker is stopped with SIGSTOP meanwhile, so the request can only go to the new one). --respawns times;
  medians printed;
- memory: every worker's VmRSS and, from smaps_rollup, its Pss (shared pages divided among the processes that share
  them) and private pages, after --requests requests (start page, a money-check question GET and answer POST, in turn)
  with --max-requests 0, so no worker is recycled during the count.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_http import Resident, flush_redis_db, free_port, page, redirect, token  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15 of the whole line)


def memory(pid: int) -> dict[str, float]:
    """MiB: VmRSS, and Pss and private (clean + dirty) from smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            values["rss"] = int(line.split()[1]) / 1024
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, amount = line.split(":", 1)
        rollup[name] = int(amount.split()[0])
    values["pss"] = rollup["Pss"] / 1024
    values["private"] = (rollup["Private_Clean"] + rollup["Private_Dirty"]) / 1024
    return values


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped at start-up")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz")


def wait_idle(pid: int, quiet: float = 0.5, seconds: float = 30) -> float:
    """The process's CPU once it has stopped using any for `quiet` seconds: a booted worker waiting in accept()."""
    deadline = time.monotonic() + seconds
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now
    return last


def wait_new_worker(master: int, old: set[int], seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        new = set(workers(master)) - old
        if new:
            return new.pop()
        time.sleep(0.02)
    raise SystemExit("gunicorn made no new worker")


def first_request_on(base: str, new: int, others: list[int]) -> None:
    """GET / answered by `new`: the other workers are stopped meanwhile and cannot accept the connection."""
    for pid in others:
        os.kill(pid, signal.SIGSTOP)
    try:
        urllib.request.urlopen(base + "/", timeout=30).read()
    finally:
        for pid in others:
            os.kill(pid, signal.SIGCONT)


def respawn(base: str, master: int) -> tuple[float, float]:
    """(CPU when booted and idle, CPU after the first request) of the worker that replaces a stopped one."""
    before = workers(master)
    os.kill(before[0], signal.SIGTERM)  # what max_requests does: the worker ends, the master forks a new one
    new = wait_new_worker(master, set(before))
    booted = wait_idle(new)
    others = [pid for pid in workers(master) if pid != new]
    first_request_on(base, new, others)
    return booted, wait_idle(new, quiet=0.2)


def traffic(base: str, count: int) -> None:
    resident = Resident(base)
    html = page(resident.get("/geldcheck"), "/geldcheck")
    redirect(resident.post("/geldcheck/start", {"csrf_token": token(html, "/geldcheck")}), "/geldcheck/start")
    path = "/geldcheck/vraag/group"
    done = 0
    while done < count:
        page(resident.get("/"), "/")
        html = page(resident.get(path), path)
        redirect(resident.post(path, {"csrf_token": token(html, path), "answer": "none"}), path)
        done += 3


def start(folder: Path, env: dict, extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (folder / "gunicorn.log").open("ab")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile",
                                "/dev/null", *extra, "wsgi:app"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base, process)
    return process, base


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--respawns", type=int, default=5)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portal-workers-"))
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(folder),
           "SECRET_KEY": "bench-workers",
           "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}", "RATELIMIT_STORAGE_URI": args.redis}
    flush_redis_db(args.redis)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db-upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    process, base = start(folder, env, [])
    try:
        master = process.pid
        for pid in workers(master):
            wait_idle(pid)
        print(f"master CPU after start: {cpu_seconds(master):.2f} s; first workers booted: "
              + ", ".join(f"{cpu_seconds(pid):.2f} s" for pid in workers(master)))
        runs = [respawn(base, master) for _ in range(args.respawns)]
        booted = statistics.median(r[0] for r in runs)
        answered = statistics.median(r[1] for r in runs)
        print(f"replacement worker, median of {len(runs)}: booted {booted:.2f} s CPU, after its first request "
              f"{answered:.2f} s CPU (each: {', '.join(f'{a:.2f}/{b:.2f}' for a, b in runs)})")
    finally:
        stop(process)

    process, base = start(folder, env, ["--max-requests", "0"])
    try:
        traffic(base, args.requests)
        master = process.pid
        print(f"after {args.requests} requests (max_requests off), MiB:")
        for pid in [master, *workers(master)]:
            sizes = memory(pid)
            role = "master" if pid == master else "worker"
            print(f"  {role:<7} {pid:>7}  RSS {sizes['rss']:6.1f}  Pss {sizes['pss']:6.1f}  "
                  f"private {sizes['private']:6.1f}")
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
