"""scripts/load_test.py --proxy: the residents through nginx in front of two gunicorn instances, one killed halfway.

Both instances get the same SECRET_KEY, DATA_ENCRYPTION_KEYS and BLIND_INDEX_KEYS from the environment and each its
own instance folder, so nothing is shared on disk: what they share is PostgreSQL and Redis, as separate machines
would. Before the residents:
  sessions across instances: one resident whose every request goes to the other instance than the one before (a
    page's CSRF token posted to the other, the draft read back there) sends a sign-up that must be in the database;
  limits across instances: SIGNUP_DRAFTS_LIMIT + 1 sign-up starts from one address, alternately on each instance,
    of which exactly the last is refused (429) (with memory:// counts each instance would allow its own 30),
    and one more through nginx is refused too (nginx passes the address on);
  req/s: --compare-pairs interleaved runs of --compare-residents residents through nginx in front of one instance
    with 2 x --workers and in front of the two instances with --workers each (the same total), no kill.
Then --residents residents through nginx in front of the two; when half of them are signing up, one instance's master
and workers get SIGKILL at once. nginx passes a GET on to the other instance; a POST that was in flight gets nginx's
502 and the resident presses again (deploy/nginx/proxy.conf says why nginx does not). PASS as in load_test.py, plus
the two checks above, plus: the killed instance fully gone and the other still serving.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench_http import (
    ROOT,
    FlowError,
    Resident,
    Server,
    fill_signup,
    flush_redis_db,
    free_port,
    gunicorn,
    page,
    postgres_url,
    reset_postgres,
    submit_signup,
    token,
    venv_bin,
    walk_selftest,
)
from load_test import (
    Kill,
    Stats,
    check_database,
    existing_references,
    portal_app,
    report,
    run_residents,
    worker_pids,
)
from proc_cpu import tree_cpu
from proxy_stack import Proxy, nginx

LIMIT_ADDRESS = "127.9.9.9"  # the residents' addresses are 127.1.x.x onwards (bench_http.new_address)
CROSSING_NAME = "Bewoner op twee servers"
WARM_UP_RESIDENTS = 10


def shared_env(args, folder: Path) -> dict:
    """The settings every instance gets: the same keys (sessions, encrypted fields and the search index must read the
    same everywhere), one database, one Redis."""
    from portal import blind_index, encryption

    url = postgres_url(args.pg_name)
    return {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": url, "PROXY_FIX": "1",
            "SECRET_KEY": os.urandom(32).hex(), "DATA_ENCRYPTION_KEYS": encryption.new_key(),
            "BLIND_INDEX_KEYS": blind_index.new_key(), "RATELIMIT_STORAGE_URI": args.redis_uri,
            "PORTAL_INSTANCE_PATH": str(folder / "setup")}


def prepare(env: dict) -> None:
    reset_postgres(env["DATABASE_URL"])
    flush_redis_db(env["RATELIMIT_STORAGE_URI"])
    flask = [str(venv_bin() / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db-upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)


def instance(stack: ExitStack, env: dict, workers: int, folder: Path, name: str) -> Server:
    """One app server: its own gunicorn master and workers, its own (empty) instance folder."""
    own = folder / name
    own.mkdir()
    return stack.enter_context(gunicorn("wsgi:app", {**env, "PORTAL_INSTANCE_PATH": str(own)}, workers, own))


def address(server: Server) -> str:
    return server.base.removeprefix("http://")


class Alternating(Resident):
    """A resident whose every request goes to the next instance in turn: no two requests in a row on the same one."""

    def __init__(self, bases: list[str], address: str | None = None):
        super().__init__(bases[0], address)
        self.bases, self.calls = bases, 0

    def send(self, method, path, data=None):
        self.base = self.bases[self.calls % len(self.bases)]
        self.calls += 1
        return super().send(method, path, data)


def session_across(app, first: Server, second: Server) -> list[str]:
    """The money check and a whole sign-up, each request on the other instance; the case must be in the database."""
    from sqlalchemy import select

    from portal.models import Aanmelding

    resident = Alternating([first.base, second.base])
    try:
        walk_selftest(resident)
        check_html = fill_signup(resident, {"contact": {"call_name": CROSSING_NAME}, "geldcheck": {"carry": "yes"}})
        seen = submit_signup(resident, check_html)
    except FlowError as exc:
        return [f"sessions across instances: the alternating resident got stuck: {exc}"]
    with app.extensions["db_sessionmaker"]() as session:
        name = session.scalar(select(Aanmelding.call_name).where(Aanmelding.reference == seen))
    if name != CROSSING_NAME:
        return [f"sessions across instances: {seen} is {'missing' if name is None else 'the case of ' + name}"]
    print(f"sessions across instances: {resident.calls} requests alternating between the two, case {seen} stored")
    return []


def limit_across(first: Server, second: Server, proxy: Proxy) -> list[str]:
    """SIGNUP_DRAFTS_LIMIT + 1 starts from one address over both instances: only the last refused."""
    from portal.resident.signup_views import SIGNUP_DRAFTS_LIMIT

    allowed = int(SIGNUP_DRAFTS_LIMIT.split()[0])

    def start(base: str) -> int:
        resident = Resident(base, address=LIMIT_ADDRESS)
        html = page(resident.get("/aanmelden"), "/aanmelden")
        return resident.post("/aanmelden/start", {"csrf_token": token(html, "/aanmelden")}).status

    statuses = [start((first, second)[number % 2].base) for number in range(allowed + 1)]
    through_proxy = start(proxy.base)
    print(f"limits across instances ({SIGNUP_DRAFTS_LIMIT} sign-up starts): {allowed + 1} starts from one address, "
          f"alternately on each instance: {dict(Counter(statuses))}, the last {statuses[-1]}; "
          f"one more through nginx: {through_proxy}")
    problems = []
    if statuses[:allowed] != [302] * allowed or statuses[-1] != 429:
        problems.append(f"limits across instances: expected {allowed} x 302 then 429, got {statuses}")
    if through_proxy != 429:
        problems.append(f"limits through nginx: a start over the limit got {through_proxy}, not 429")
    return problems


@dataclass
class Throughput:
    shape: str
    requests: int
    wall: float
    server_cpu: float  # seconds: gunicorn masters + workers + nginx
    failures: int

    @property
    def per_second(self) -> float:
        return self.requests / self.wall

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu / max(1, self.requests)


def measure(shape: str, proxy: Proxy, servers: list[Server], app, args) -> Throughput:
    pids = [proxy.process.pid] + [server.process.pid for server in servers]
    before_cpu = sum(tree_cpu(pid) for pid in pids)
    before = existing_references(app)
    stats, wall = run_residents(proxy, args, args.compare_residents)
    cpu = sum(tree_cpu(pid) for pid in pids) - before_cpu
    _cases, problems = check_database(app, before, stats, args.compare_residents)
    errors = sum(1 for _name, status, _ms in stats.timings if status >= 500) + len(stats.drops)
    return Throughput(shape, len(stats.timings), wall, cpu, len(problems) + errors)


def compare(one: tuple[Proxy, list[Server]], two: tuple[Proxy, list[Server]], app, args) -> list[str]:
    """Interleaved: one, two, then two, one, ...; the median of the per-pair ratios."""
    for proxy, _servers in (one, two):
        # Unmeasured: every worker's first requests compile templates and open database connections.
        run_residents(proxy, args, WARM_UP_RESIDENTS)
    runs: list[tuple[Throughput, Throughput]] = []
    for pair in range(args.compare_pairs):
        order = [("one", *one), ("two", *two)]
        if pair % 2:
            order.reverse()
        measured = {shape: measure(shape, proxy, servers, app, args) for shape, proxy, servers in order}
        runs.append((measured["one"], measured["two"]))
    print(f"\nreq/s through nginx, {args.compare_residents} residents a run, {args.compare_pairs} interleaved pairs "
          f"(one instance with {2 * args.workers} workers vs two instances with {args.workers} each); "
          f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'pair':>4} {'one req/s':>10} {'two req/s':>10} {'two/one':>8} {'one CPU ms/req':>15} "
          f"{'two CPU ms/req':>15}")
    for number, (first, second) in enumerate(runs, 1):
        print(f"{number:>4} {first.per_second:>10.1f} {second.per_second:>10.1f} "
              f"{second.per_second / first.per_second:>8.2f} {first.cpu_ms_per_request:>15.1f} "
              f"{second.cpu_ms_per_request:>15.1f}")
    if runs:
        ratio = statistics.median(second.per_second / first.per_second for first, second in runs)
        cpu = statistics.median(second.cpu_ms_per_request / first.cpu_ms_per_request for first, second in runs)
        print(f"median two/one: req/s {ratio:.2f}, server CPU per request {cpu:.2f}")
    failed = sum(first.failures + second.failures for first, second in runs)
    return [f"comparison runs: {failed} problems (5xx, drops or database mismatches)"] if failed else []


def kill_instance(server: Server, survivor: Server, stats: Stats, residents: int, deadline: float, kill: Kill) -> None:
    """When half of the residents are signing up: SIGKILL to the master and every worker of one instance at once."""
    while stats.signing_up < residents // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    master = server.process.pid
    pids = [master, *worker_pids(master)]
    for pid in pids:  # the master first, so it starts no new worker
        os.kill(pid, signal.SIGKILL)
    kill.at, kill.pid = time.monotonic(), master
    server.process.wait(timeout=10)
    for _ in range(100):
        alive = [pid for pid in pids[1:] if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
        if not alive:
            break
        time.sleep(0.1)
    else:
        kill.note = f"workers still alive: {alive}"
        return
    try:
        Resident(survivor.base).get("/healthz")
        kill.respawned = True
    except OSError as exc:
        kill.note = f"the other instance does not answer: {exc!r}"


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def upstream_counts(proxy: Proxy, ports: dict[str, str]) -> str:
    """From nginx's log (no addresses, no paths): how many requests each instance answered, and nginx's retries."""
    counts: Counter = Counter()
    for line in proxy.access_log.read_text().splitlines():
        upstream = line.split("upstream=", 1)[-1].split(" upstream_status=")[0]
        tried = [part.strip() for part in upstream.split(",")]
        counts["passed on to the other" if len(tried) > 1 else ports.get(tried[0], tried[0])] += 1
    return ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))


def run_proxy(args) -> int:
    folder = Path(tempfile.mkdtemp(prefix="portal-scale-"))
    env = shared_env(args, folder)
    prepare(env)
    with ExitStack() as stack:
        first = instance(stack, env, args.workers, folder, "a")
        second = instance(stack, env, args.workers, folder, "b")
        pair = stack.enter_context(nginx(free_port(), [address(first), address(second)], folder / "nginx-two"))
        os.environ.update(env)
        app = portal_app(first)
        problems = session_across(app, first, second) + limit_across(first, second, pair)
        if args.compare_pairs:
            single = instance(stack, env, 2 * args.workers, folder, "single")
            alone = stack.enter_context(nginx(free_port(), [address(single)], folder / "nginx-one"))
            problems += compare((alone, [single]), (pair, [first, second]), app, args)
        before = existing_references(app)
        pair.access_log.write_text("")  # the kill run's own counts
        kill = Kill(what="instance", replaced_by="the other instance")

        def killer(stats: Stats, deadline: float) -> None:
            kill_instance(first, second, stats, args.residents, deadline, kill)

        stats, wall = run_residents(pair, args, args.residents, killer)
        cases, found = check_database(app, before, stats, args.residents)
        print(f"\nanswered per instance (nginx's log): "
              f"{upstream_counts(pair, {address(first): 'a (killed)', address(second): 'b'})}")
        passed = report(args, first, stats, kill, cases, problems + found, wall, logs=[first.log, second.log],
                        setup=f"nginx in front of two gunicorn instances with {args.workers} sync workers each")
    return 0 if passed else 1
