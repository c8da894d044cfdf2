"""One wrk run against one gunicorn server, with what it cost: the server's CPU (master and workers, from /proc) and
wrk's own. Used by scripts/bench_http.py; the Lua scripts are in scripts/wrk/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from proc_cpu import tree_cpu

WRK_SCRIPTS = Path(__file__).resolve().parent / "wrk"
INSTALL_HINT = "wrk is missing: install it with `scripts/as-root apt-install wrk` (Debian's package 'wrk')."


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(INSTALL_HINT)
    return found


@dataclass
class WrkRun:
    requests: int
    seconds: float  # wrk's own measured duration
    p50_ms: float
    p95_ms: float
    errors: int  # connect, read, write, timeouts and answers other than 2xx/3xx
    flow_errors: int  # the step's script: a page that was not what a resident walking the step should see
    first_error: str
    server_cpu: float  # seconds, the server's whole process tree, during the run
    wrk_cpu: float  # seconds, wrk itself

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.server_cpu / self.requests * 1000 if self.requests else float("nan")

    def wrk_share(self, cores: int | None = None) -> float:
        """wrk's CPU as a share of all the machine's cores over the run (0.05: it took 5 % of the machine)."""
        return self.wrk_cpu / (self.seconds * (cores or os.cpu_count() or 1)) if self.seconds else float("nan")


def parse_report(output: str) -> dict:
    """The JSON line scripts/wrk/report.lua writes at the end of a run."""
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise RuntimeError(f"wrk wrote no report line; its output:\n{output}")


_runs = iter(range(1, 1 << 30))


def run_wrk(server_pid: int, url: str, script: str, *, seconds: float, threads: int, connections: int,
            timeout_s: int = 30) -> WrkRun:
    """wrk -t threads -c connections -d seconds -s scripts/wrk/<script> url; the server's CPU measured around it."""
    command = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
               "--timeout", f"{timeout_s}s", "-s", str(WRK_SCRIPTS / script), url]
    before = tree_cpu(server_pid)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "BENCH_RUN": str(next(_runs))})
    output = process.stdout.read()
    # wait4, not wait: it hands back wrk's own rusage (all its threads), which /proc no longer has once it exited.
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    server_cpu = tree_cpu(server_pid) - before
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {' '.join(command)}\n{output}")
    report = parse_report(output)
    errors = sum(report[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return WrkRun(report["requests"], report["duration_us"] / 1e6, report["p50_us"] / 1000, report["p95_us"] / 1000,
                  errors, report["flow_errors"], report["first_error"], server_cpu, usage.ru_utime + usage.ru_stime)


def settle(seconds: float = 0.3) -> None:
    """A short pause between runs, so the last one's closing connections are not charged to the next."""
    time.sleep(seconds)
