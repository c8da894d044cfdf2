"""scripts/bench_http.py's parts: the floors, the /proc CPU reader, the ratio of pairs, wrk's report and step script."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from portal.db import Base
from portal.models import SelfTestDraft

ROOT = Path(__file__).resolve().parent.parent
# The bench's modules import each other as scripts do (scripts/ first on the path), so the tests import them so too.
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
floor_app = importlib.import_module("floor_app")
floor_same_work = importlib.import_module("floor_same_work")
proc_cpu = importlib.import_module("proc_cpu")
bench_report = importlib.import_module("bench_report")
bench_wrk = importlib.import_module("bench_wrk")

# Braces and tags Jinja would act on, and text beyond ASCII: the floor must hand all of it back untouched.
TRICKY_PAGE = ('<!doctype html>\n<html lang="nl"><p>{{ 1 + 1 }} {% if x %}a{% endif %} {# not a comment #}</p>'
               '<p dir="rtl">مرحبا – €12,50 ü</p>\n</html>\n')


def test_the_floor_serves_exactly_the_bytes_it_was_given(tmp_path):
    (tmp_path / "start.html").write_text(TRICKY_PAGE, encoding="utf-8")
    client = floor_app.create_app(tmp_path).test_client()
    first, second = client.get("/"), client.get("/")
    assert first.status_code == 200
    assert first.data == second.data == TRICKY_PAGE.encode("utf-8")


def test_a_hole_in_a_saved_page_becomes_the_value_given():
    template = floor_app.raw_template(f'<input value="{floor_app.HOLE}">{{{{ kept }}}}')
    from jinja2 import Environment

    assert Environment().from_string(template).render(hole="abc") == '<input value="abc">{{ kept }}'


@pytest.fixture
def step_pages(tmp_path) -> Path:
    form = f'<form><input name="csrf_token" type="hidden" value="{floor_app.HOLE}"></form>'
    for name in ("intro", "group", "crisis"):
        (tmp_path / f"{name}.html").write_text(f"<h1>{name}</h1>{form}", encoding="utf-8")
    (tmp_path / "step.json").write_text(json.dumps({"first": "group", "pages": ["group", "crisis"],
                                                    "next": {"group": "/geldcheck/vraag/crisis"}}))
    return tmp_path


@pytest.fixture
def draft_database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'floor.sqlite3'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine, tables=[SelfTestDraft.__table__])  # the portal's own table, as migrated
    engine.dispose()
    return url


def test_the_same_work_floor_reads_and_writes_the_portals_draft_table(step_pages, draft_database):
    client = floor_same_work.create_app(step_pages, draft_database).test_client()
    started = client.post("/geldcheck/start")
    assert started.status_code == 302 and started.location == "/geldcheck/vraag/group"
    question = client.get("/geldcheck/vraag/group")
    assert question.status_code == 200 and b"<h1>group</h1>" in question.data
    assert floor_app.HOLE.encode() not in question.data
    answered = client.post("/geldcheck/vraag/group", data={"answer": "none"})
    assert answered.status_code == 302 and answered.location == "/geldcheck/vraag/crisis"
    engine = create_engine(draft_database)
    with engine.connect() as connection:
        stored = connection.execute(select(floor_same_work.draft_table.c.answers)).scalars().all()
    engine.dispose()
    assert [json.loads(answers) for answers in stored] == [{"group": "none"}]
    # Without the session's draft there is nothing to read: the floor does not answer from thin air.
    assert floor_same_work.create_app(step_pages, draft_database).test_client().get(
        "/geldcheck/vraag/group").status_code == 410


BURNER = """
import os, sys, time
def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
child = os.fork()
if child == 0:
    burn(0.4)
    print("burnt", flush=True)
    time.sleep(60)
    os._exit(0)
sys.stdin.readline()
os.kill(child, 9)
os.waitpid(child, 0)
print("reaped", flush=True)
sys.stdin.readline()
"""


def test_the_cpu_of_a_process_tree_counts_live_and_reaped_children():
    parent = subprocess.Popen([sys.executable, "-c", BURNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert parent.stdout.readline().strip() == "burnt"
        assert proc_cpu.own_cpu(parent.pid) < 0.3  # the parent itself hardly worked
        assert len(proc_cpu.tree(parent.pid)) == 2
        assert proc_cpu.tree_cpu(parent.pid) >= 0.38  # the live child's 0.4 s
        parent.stdin.write("\n")
        parent.stdin.flush()
        assert parent.stdout.readline().strip() == "reaped"
        assert proc_cpu.tree(parent.pid) == [parent.pid]
        assert proc_cpu.tree_cpu(parent.pid) >= 0.38  # still there, in the parent's reaped time
        assert proc_cpu.rss_mib(parent.pid) > 1
    finally:
        parent.kill()
        parent.wait()


def test_the_ratio_is_the_median_of_the_pairs_not_the_ratio_of_the_medians():
    # Pairs measured at changing load: ratios 2.0, 0.9 and 3.0. The medians (100 / 100) would say 1.0.
    assert bench_report.median_ratio([100, 90, 300], [50, 100, 100]) == 2.0
    with pytest.raises(ValueError):
        bench_report.median_ratio([1, 2], [1])


def test_wrks_report_line_is_read_among_its_other_output():
    output = "Running 5s test @ http://127.0.0.1:1/\n" + 'WRK_JSON {"requests": 7, "p95_us": 1500}\n  Latency ...\n'
    assert bench_wrk.parse_report(output) == {"requests": 7, "p95_us": 1500}
    with pytest.raises(RuntimeError):
        bench_wrk.parse_report("Running 5s test\n")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (scripts/as-root apt-install wrk)")
def test_the_step_script_walks_the_step_against_the_same_work_floor(step_pages, draft_database, tmp_path):
    """scripts/wrk/step.lua through real gunicorn: the cookie and the token carried, no step answered wrongly."""
    bench_http = importlib.import_module("bench_http")
    # gunicorn.conf.py refuses rate limits in memory unless one worker says so; the floor has no limits anyway.
    env = {"FLOOR_PAGES": str(step_pages), "DATABASE_URL": draft_database, "RATELIMIT_SINGLE_WORKER": "1",
           "PATH": "/usr/bin:/bin"}
    scripts = ("--pythonpath", str(ROOT / "scripts"))
    with bench_http.gunicorn("floor_same_work:create_app()", env, 1, tmp_path, *scripts) as server:
        run = bench_wrk.run_wrk(server.process.pid, server.base, "step.lua", seconds=1, threads=2, connections=2)
    assert run.requests > 10
    assert (run.errors, run.flow_errors, run.first_error) == (0, 0, "")
    assert run.server_cpu > 0 and run.wrk_cpu > 0


def _junit(path: Path, times: dict[str, float], skipped: tuple[str, ...] = ()) -> str:
    cases = "".join(f'<testcase classname="tests.t" name="{name}" time="{seconds}">'
                    f'{"<skipped/>" if name in skipped else ""}</testcase>' for name, seconds in times.items())
    path.write_text(f'<testsuites><testsuite name="pytest">{cases}</testsuite></testsuites>')
    return str(path)


def test_a_test_is_slower_only_when_its_quickest_run_is_and_it_is_not_tiny(tmp_path, capsys):
    compare = importlib.import_module("compare_test_times")
    before = [_junit(tmp_path / "a1.xml", {"slow": 1.0, "noisy": 0.05, "steady": 2.0, "gone": 1.0}),
              _junit(tmp_path / "a2.xml", {"slow": 1.1, "noisy": 0.04, "steady": 2.5, "gone": 1.0})]
    after = [_junit(tmp_path / "b1.xml", {"slow": 1.3, "noisy": 0.09, "steady": 3.0, "gone": 9.0}, skipped=("gone",)),
             _junit(tmp_path / "b2.xml", {"slow": 1.2, "noisy": 0.10, "steady": 2.1})]
    assert compare.main(["--before", *before, "--after", *after]) == 1
    out = capsys.readouterr().out
    assert "tests.t::slow" in out and "1.20x" in out  # 1.2 / 1.0: the quickest of each side
    assert "noisy" not in out  # doubled, but under 0.2 s
    assert "steady" not in out  # 2.1 / 2.0 is within 10 %
    assert "gone" not in out  # skipped after: not compared
    assert compare.main(["--before", *before, "--after", before[0]]) == 0


SHARER = """
import os, sys
block = bytearray(64 * 1024 * 1024)  # written once: 64 MiB of the parent's own pages
for i in range(0, len(block), 4096):
    block[i] = 1
pid = os.fork()
if pid == 0:
    print(os.getpid(), flush=True)
    sys.stdin.readline()  # the child shares the block until it writes to it
    for i in range(0, len(block), 4096):
        block[i] = 2
    print("written", flush=True)
    sys.stdin.readline()
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_a_forked_workers_own_memory_leaves_out_what_it_shares():
    # Catches private_mib counting shared pages (it would equal RSS) or none at all.
    parent = subprocess.Popen([sys.executable, "-c", SHARER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert proc_cpu.rss_mib(child) > 64 and proc_cpu.private_mib(child) < 32
        parent.stdin.write("\n")
        parent.stdin.flush()
        assert parent.stdout.readline().strip() == "written"
        assert proc_cpu.private_mib(child) > 64
    finally:
        parent.stdin.write("\n")
        parent.stdin.flush()
        parent.wait(timeout=30)
