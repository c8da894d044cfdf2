"""Benchmark: the ketenregisseur's queue with 100 000 cases, on SQLite and PostgreSQL.

    .venv/bin/python scripts/bench_queue.py [--cases 100000] [--runs 9] [--postgres URL]

Fills a throwaway database (a temp SQLite file; for PostgreSQL the database 'portal_bench', created if missing),
then times each queue query as the workspace runs it: median and max over --runs, after one warm-up run.
It then drops the queue index and times again, so the ratio shows what the index buys.
Every case has a made-up name and mobile number, indexed as the portal indexes them (services/search_index.py), so
the search box is timed too: by phone number, by one name word and by a whole name, through the blind index.
Afterwards the SQLite file is deleted, and the PostgreSQL tables dropped (the database too, if this run made it).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from portal import blind_index, create_app  # noqa: E402
from portal.db import Base, utcnow  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.models import Aanmelding, SearchToken, StaffMember, StaffRole  # noqa: E402
from portal.rules.reference import with_check_character  # noqa: E402
from portal.services import cases, search_index  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = "ACEFHKMNPRTWXY3479"
FIRST_NAMES = ("Fatima", "Mohamed", "Emma", "Daan", "Noor", "Sem", "Julia", "Lucas", "Sara", "Ahmed", "Anna",
               "Liam", "Mila", "Yusuf", "Sophie", "Finn", "Eva", "Adam", "Zoë", "Bram", "Aya", "Jesse", "Lotte",
               "Omar", "Olena", "Piotr", "Meryem", "Tesfay", "Kees", "Marja", "فاطمة", "محمد", "أحمد", "مريم",
               "Ayaan", "Femke", "Sam", "Iris", "Thijs", "Nina")
SURNAMES = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
            "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "El Amrani", "Yılmaz", "Kaya",
            "Öztürk", "Nowak", "Kowalski", "Shevchenko", "Bondarenko", "Tesfamariam", "Haile", "Bouzid",
            "El Idrissi", "Benali", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
            "العمراني", "الإدريسي", "Kramer", "van Leeuwen")
# A case of the benchmark's municipality that the searches below find (see fill).
SEARCHED_PHONE, SEARCHED_NAME = "+31612340000", "Fatima El Amrani"


def _reference(number: int) -> str:
    chars = []
    for _ in range(5):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return with_check_character("".join(chars))  # a real reference, as the search box recognises one


def fill(app, count: int) -> StaffMember:
    session = app.extensions["db_sessionmaker"]()
    municipalities = load_municipalities(session, ROOT / "demo" / "municipalities.toml")
    member = StaffMember(email="bench@example.org", name="Bench", role=StaffRole.KETENREGISSEUR,
                         password_hash="x", municipality=municipalities[1])
    session.add(member)
    session.commit()
    rng = random.Random(42)
    now = utcnow()
    rows, tokens = [], []
    for number in range(count):
        submitted = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        crisis = rng.random() < 0.06
        municipality_id = municipalities[number % 3].id
        phone = f"+316{rng.randint(10_000_000, 99_999_999)}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if number == 1:  # in municipalities[1], the member's: one case the searches must find, open and recent
            phone, name, submitted, crisis = SEARCHED_PHONE, SEARCHED_NAME, now, False
        tokens += search_index.rows_for(number + 1, municipality_id, phone, name)
        rows.append({
            "id": number + 1, "reference": _reference(number), "submission_key": f"bench-{number}",
            "municipality_id": municipality_id, "phone": phone,
            "status": "new" if number == 1 else rng.choices(
                ["new", "contacted", "intake_planned", "handed_over", "closed"], [8, 6, 4, 12, 70])[0],
            "submitted_at": submitted, "topics": [], "group": rng.choice(["none", "none", "youth", "entrepreneur",
                                                                          "status_holder"]),
            "crisis": crisis, "crisis_kinds": [], "children": rng.choice(["yes", "no", "unknown"]),
            "call_name": name, "channels": ["phone"], "best_times": [], "voicemail_ok": False,
            "may_say_municipality": True, "language": "nl", "interpreter": False, "filled_in": "online",
            "source": rng.choice([None, None, "lansingerland-bank", "groningen-energie"]), "consent_version": 1,
            "first_contact_due": (submitted + timedelta(days=3 if crisis else 14)).date(),
            "legal_deadline": (submitted + timedelta(days=5 if crisis else 28)).date(),
            "assigned_to_id": member.id if rng.random() < 0.1 else None,
        })
        if len(rows) == 5000:
            session.execute(insert(Aanmelding), rows)
            session.execute(insert(SearchToken), tokens)
            rows, tokens = [], []
    if rows:
        session.execute(insert(Aanmelding), rows)
        session.execute(insert(SearchToken), tokens)
    session.commit()
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        # What autovacuum does to a live table soon after a bulk load: statistics, and the visibility map that lets a
        # search read only the index (digest, aanmelding_id).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE aanmelding"))
            connection.execute(text("VACUUM ANALYZE search_token"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    session.close()
    return member


QUERIES = {
    "open queue, page 1": cases.QueueFilter(),
    "open queue, page 40": cases.QueueFilter(page=40),
    "unassigned youth": cases.QueueFilter(group="youth", assigned="none"),
    "assigned to me": cases.QueueFilter(assigned="me"),
    "by source": cases.QueueFilter(source="groningen-energie", status="all"),
    "search by reference": cases.QueueFilter(search=_reference(1), status="all"),
    # The search box through the blind index (open cases, as the queue opens; the name word matches ~1 in 40).
    "search by phone": cases.QueueFilter(search="06 12340000"),
    "search by name word": cases.QueueFilter(search="Fatima"),
    "search by whole name": cases.QueueFilter(search=SEARCHED_NAME),
    "search by phone, all": cases.QueueFilter(search="06 12340000", status="all"),
    "search by name, all": cases.QueueFilter(search="Fatima", status="all"),
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
                      "SUPPORTED_LOCALES": ("nl",), "BLIND_INDEX_KEYS": blind_index.new_key()})
    engine = app.extensions["db_engine"]
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(app)
    started = time.perf_counter()
    member = fill(app, count)
    print(f"\n{label}: {count} cases loaded in {time.perf_counter() - started:.1f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine makes every figure slower)")
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
    Base.metadata.drop_all(engine)  # 100 000 cases are not left behind
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        folder = Path(tempfile.mkdtemp())
        try:
            run("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", args.cases, args.runs)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    admin = create_engine(args.postgres.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name, created = args.postgres.rsplit("/", 1)[1], False
    try:
        with admin.connect() as connection:
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
                created = True
    except Exception as exc:  # noqa: BLE001
        print(f"\nPostgreSQL not reachable ({exc.__class__.__name__}): skipped")
        return 0
    try:
        run("PostgreSQL", args.postgres, args.cases, args.runs)
    finally:
        if created:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
