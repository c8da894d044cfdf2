"""Benchmark: the ketenregisseur's queue with 100 000 cases, on SQLite and PostgreSQL.

    .venv/bin/python scripts/bench_queue.py [--cases 100000] [--runs 9] [--postgres URL]

Fills a throwaway database (a temp SQLite file; for PostgreSQL the database 'portal_bench', created if missing),
then times each queue query as the workspace runs it: median and max over --runs, after one warm-up run.
It then drops the queue index and times again, so the ratio shows what the index buys.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.db import Base, utcnow  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.models import Aanmelding, StaffMember, StaffRole  # noqa: E402
from portal.services import cases  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = "ACEFHKMNPRTWXY3479"


def _reference(number: int) -> str:
    chars = []
    for _ in range(6):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def fill(app, count: int) -> StaffMember:
    session = app.extensions["db_sessionmaker"]()
    municipalities = load_municipalities(session, ROOT / "demo" / "municipalities.toml")
    member = StaffMember(email="bench@example.org", name="Bench", role=StaffRole.KETENREGISSEUR,
                         password_hash="x", municipality=municipalities[1])
    session.add(member)
    session.commit()
    rng = random.Random(42)
    now = utcnow()
    rows = []
    for number in range(count):
        submitted = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        crisis = rng.random() < 0.06
        rows.append({
            "reference": _reference(number), "submission_key": f"bench-{number}",
            "municipality_id": municipalities[number % 3].id,
            "status": rng.choices(["new", "contacted", "intake_planned", "handed_over", "closed"],
                                  [8, 6, 4, 12, 70])[0],
            "submitted_at": submitted, "topics": [], "group": rng.choice(["none", "none", "youth", "entrepreneur",
                                                                          "status_holder"]),
            "crisis": crisis, "crisis_kinds": [], "children": rng.choice(["yes", "no", "unknown"]),
            "call_name": "Bench", "channels": ["phone"], "best_times": [], "voicemail_ok": False,
            "may_say_municipality": True, "language": "nl", "interpreter": False, "filled_in": "online",
            "source": rng.choice([None, None, "lansingerland-bank", "groningen-energie"]), "consent_version": 1,
            "first_contact_due": (submitted + timedelta(days=3 if crisis else 14)).date(),
            "legal_deadline": (submitted + timedelta(days=5 if crisis else 28)).date(),
            "assigned_to_id": member.id if rng.random() < 0.1 else None,
        })
        if len(rows) == 5000:
            session.execute(insert(Aanmelding), rows)
            rows = []
    if rows:
        session.execute(insert(Aanmelding), rows)
    session.commit()
    with app.extensions["db_engine"].begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ANALYZE aanmelding"))
        else:
            connection.execute(text("ANALYZE"))
    session.close()
    return member


QUERIES = {
    "open queue, page 1": cases.QueueFilter(),
    "open queue, page 40": cases.QueueFilter(page=40),
    "unassigned youth": cases.QueueFilter(group="youth", assigned="none"),
    "assigned to me": cases.QueueFilter(assigned="me"),
    "by source": cases.QueueFilter(source="groningen-energie", status="all"),
    "search by reference": cases.QueueFilter(reference="CAA-AAA", status="all"),
}


def time_queries(app, member_id: int, runs: int) -> dict[str, tuple[float, float, int]]:
    results = {}
    for name, filters in QUERIES.items():
        timings = []
        for attempt in range(runs + 1):
            session = app.extensions["db_sessionmaker"]()
            member = session.get(StaffMember, member_id)
            started = time.perf_counter()
            page = cases.queue(session, member, filters)
            elapsed = (time.perf_counter() - started) * 1000
            session.close()
            if attempt:  # the first run warms caches
                timings.append(elapsed)
        results[name] = (statistics.median(timings), max(timings), page.total)
    return results


def run(label: str, url: str, count: int, runs: int) -> None:
    app = create_app({"PORTAL_ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url,
                      "SUPPORTED_LOCALES": ("nl",)})
    engine = app.extensions["db_engine"]
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(app)
    started = time.perf_counter()
    member = fill(app, count)
    print(f"\n{label}: {count} cases loaded in {time.perf_counter() - started:.1f} s")
    with_index = time_queries(app, member.id, runs)
    with engine.begin() as connection:
        # Both: the counts' covering index (0018) starts with the same columns and would stand in for the queue's.
        for index in ("ix_aanmelding_queue", "ix_aanmelding_open_counts"):
            connection.execute(text(f"DROP INDEX {index}"))
    without_index = time_queries(app, member.id, runs)
    print(f"{'query':<24} {'rows':>6} {'median ms':>10} {'max ms':>8} {'no index ms':>12} {'ratio':>6}")
    for name, (median_ms, max_ms, total) in with_index.items():
        plain = without_index[name][0]
        print(f"{name:<24} {total:>6} {median_ms:>10.1f} {max_ms:>8.1f} {plain:>12.1f} {plain / median_ms:>6.1f}")
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    run("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", args.cases, args.runs)
    admin = create_engine(args.postgres.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = args.postgres.rsplit("/", 1)[1]
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        print(f"\nPostgreSQL not reachable ({exc.__class__.__name__}): skipped")
        return 0
    run("PostgreSQL", args.postgres, args.cases, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
