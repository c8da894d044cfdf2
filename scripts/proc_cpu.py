"""CPU time and memory of a process tree from /proc (Linux): what a server used, not what the wall clock says.

Used by scripts/bench_http.py for the server CPU per request (a gunicorn master and its workers) and the worker's RSS.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    # The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
    text = (PROC / str(pid) / "stat").read_text()
    return text[text.rindex(")") + 2:].split()


def parent_of(pid: int) -> int:
    return int(_stat_fields(pid)[1])


def own_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) this process used itself."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)


def reaped_cpu(pid: int) -> float:
    """Seconds of CPU of the children this process has waited for (cutime + cstime): a worker that gunicorn replaced
    keeps counting here, so a run's total does not drop when max_requests recycles a worker."""
    fields = _stat_fields(pid)
    return (int(fields[13]) + int(fields[14])) / TICKS


def children(pid: int) -> list[int]:
    """Live direct children, found by their parent field (no kernel option needed, unlike /proc/*/task/*/children)."""
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if parent_of(int(entry.name)) == pid:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue  # gone between the listing and the read
    return found


def tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue.extend(children(current))
    return pids


def tree_cpu(pid: int) -> float:
    """CPU seconds of the whole tree so far: every live process's own time plus the time of children it reaped."""
    total = 0.0
    for member in tree(pid):
        try:
            total += own_cpu(member) + reaped_cpu(member)
        except FileNotFoundError:
            continue  # exited between the listing and the read; its time moves to its parent's reaped time
    return total


def private_mib(pid: int) -> float:
    """Memory only this process holds (Private_Clean + Private_Dirty of smaps_rollup), in MiB. With gunicorn's
    preload_app a worker's RSS also counts the pages it still shares with the master and the other workers, which
    one more worker does not add."""
    total = 0
    for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])  # kB
    return total / 1024


def rss_mib(pid: int) -> float:
    """Resident memory (VmRSS) in MiB."""
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    raise ValueError(f"no VmRSS for {pid} (a zombie?)")
