"""Benchmark: importing 50 000 early-warning signals (a large city's year) from one CSV file.

    .venv/bin/python scripts/bench_signal_import.py [--database sqlite|postgres|both] [--signals 50000] [--runs 3]
                                                    [--postgres URL]

The file is generated once (scripts/make_demo_signals.py, seeded: invented people, valid BSNs, about 15 % of
households with two or three signals, a year of signal dates) into a temp folder. Per run, on a fresh database (a temp
SQLite file; for PostgreSQL the database of --postgres, emptied first) migrated to head with the demo municipalities,
a child process builds the app and calls services/early_warning_import.import_signals on the file, as
`flask import-signals` does: the first pass (check everything), then the second (store in batches, one transaction).
The child reports the import's wall time and its own peak RSS (resource.getrusage, ru_maxrss: the whole process,
interpreter and app included). A second import of the same file (everything "al bekend") is timed too.

Printed per run and the median over --runs; the goal (issue 17): at most 60 s and under 200 MB. Exit 1 when a median
misses it. Afterwards the SQLite file is deleted and the PostgreSQL tables dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_signals"
GOAL_SECONDS = 60
GOAL_MEGABYTES = 200

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from portal import create_app
from portal.db import Base
from portal.migrate import upgrade
from portal.services.municipalities import find_by_slug, load_municipalities
from portal.services.early_warning_import import import_signals
from sqlalchemy import text

url, path, keys = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
app = create_app({"PORTAL_ENV": "development", "DATABASE_URL": url, **keys})
with app.app_context():
    engine = app.extensions["db_engine"]
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(app)
    session = app.extensions["db_sessionmaker"]()
    load_municipalities(session, Path("demo/municipalities.toml"))
    municipality = find_by_slug(session, "lansingerland")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with path.open("rb") as binary:
        first = import_signals(session, municipality, binary)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with path.open("rb") as binary:
        again = import_signals(session, municipality, binary)
    again_seconds = time.perf_counter() - started
    session.close()
print(json.dumps({"seconds": seconds, "again_seconds": again_seconds, "peak_kb": peak, "before_kb": before,
                  "first": first.summary(), "again": again.summary(),
                  "peak_after_again_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_once(url: str, path: Path) -> dict:
    from portal import blind_index
    from portal.encryption import new_key

    keys = {"SECRET_KEY": "bench-signals", "DATA_ENCRYPTION_KEYS": new_key(), "BLIND_INDEX_KEYS": blind_index.new_key()}
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "PORTAL_INSTANCE_PATH": instance}
        done = subprocess.run([sys.executable, "-c", CHILD, url, str(path), json.dumps(keys)], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe(result: dict) -> str:
    first = result["first"]
    return (f"{result['seconds']:6.1f} s, peak RSS {result['peak_kb'] / 1024:5.0f} MB (app loaded: "
            f"{result['before_kb'] / 1024:.0f} MB); {first['new']} new, {first['cases_new']} cases; again: "
            f"{result['again_seconds']:.1f} s, {result['again']['known']} known")


def run_database(label: str, url: str, path: Path, runs: int) -> bool:
    results = []
    for number in range(1, runs + 1):
        result = run_once(url, path)
        results.append(result)
        print(f"{label} run {number}: {describe(result)}", flush=True)
    seconds = statistics.median(r["seconds"] for r in results)
    megabytes = statistics.median(r["peak_kb"] for r in results) / 1024
    again = statistics.median(r["again_seconds"] for r in results)
    ok = seconds <= GOAL_SECONDS and megabytes < GOAL_MEGABYTES
    print(f"{label} median of {runs}: {seconds:.1f} s, peak RSS {megabytes:.0f} MB, re-import {again:.1f} s "
          f"({'within' if ok else 'MISSES'} the goal of {GOAL_SECONDS} s and {GOAL_MEGABYTES} MB)", flush=True)
    return ok


def postgres_answers(url: str) -> bool:
    try:
        with create_engine(url.rsplit("/", 1)[0] + "/postgres").connect():
            return True
    except Exception:  # noqa: BLE001 - any failure means: no PostgreSQL here
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="created if missing, emptied first")
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from scripts.make_demo_signals import _municipalities, generate, write_csv

    database = args.database or ("both" if postgres_answers(args.postgres) else "sqlite")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signals.csv"
        entry = _municipalities()["lansingerland"]
        write_csv(path, generate("lansingerland", entry["postcodes"], entry["name"], args.signals, days=365))
        print(f"{args.signals} signals, {path.stat().st_size / 1e6:.1f} MB of CSV", flush=True)
        if database in ("sqlite", "both"):
            ok &= run_database("SQLite", f"sqlite:///{folder}/bench.sqlite3", path, args.runs)
        if database in ("postgres", "both"):
            admin = create_engine(args.postgres.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
            name = args.postgres.rsplit("/", 1)[1]
            with admin.connect() as connection:
                if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                ok &= run_database("PostgreSQL", args.postgres, path, args.runs)
            finally:
                from portal.db import Base

                engine = create_engine(args.postgres)
                Base.metadata.drop_all(engine)
                with engine.begin() as connection:
                    connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
