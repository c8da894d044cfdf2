"""Benchmark: the early-warning queue's first page with 50 000 signals (about 35 000 households), SQLite and PostgreSQL.

    .venv/bin/python scripts/bench_early_warning_queue.py [--signals 50000] [--runs 9] [--postgres URL] [--skip-sqlite]

Fills a throwaway database by bulk insert (a temp SQLite file; for PostgreSQL the database in --postgres, whose tables
are dropped and made again: never point it at a database in use), all in one municipality (the worst case for its
queue), personal fields encrypted as the portal stores them. Then times, median and max over --runs after one
warm-up run: the queue's queries (page 1 and the counts on top, services/early_warning_cases.py) and the whole page
as the view renders it (template included), for the open queue and a few filters. Goal: page 1 under 50 ms.
Afterwards the tables are dropped again.
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

from flask import g  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from portal import blind_index, create_app  # noqa: E402
from portal.db import Base, utcnow  # noqa: E402
from portal.domain.early_warning import Approach, Eindresultaat, SignaalpartnerType, Signaalstatus  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.models import StaffMember, StaffRole, Vroegsignaal, Vroegsignaalzaak  # noqa: E402
from portal.rules.deadlines import local_date  # noqa: E402
from portal.services import early_warning_cases as ew  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("Jansen", "de Vries", "Bakker", "Visser", "El Amrani", "Yılmaz", "Nowak", "Shevchenko", "Haile", "Smit")
PARTNERS = [SignaalpartnerType.HUUR, SignaalpartnerType.ENERGIE, SignaalpartnerType.ZORG, SignaalpartnerType.WATER]
BATCH = 5000
FILTERS = {
    "open queue, page 1": ew.QueueFilter(),
    "open queue, page 40": ew.QueueFilter(page=40),
    "crisis only": ew.QueueFilter(crisis=True),
    "partner type Water": ew.QueueFilter(partner_type=SignaalpartnerType.WATER.value),
    "unassigned, call/visit": ew.QueueFilter(assigned="none", approach=Approach.CALL_VISIT.value),
}


def fill(app, signals: int) -> int:
    """About 1.43 signals per household, 70 % of households open; returns the staff member's id."""
    session = app.extensions["db_sessionmaker"]()
    municipality = load_municipalities(session, ROOT / "demo" / "municipalities.toml")[0]
    member = StaffMember(email="bench@example.org", name="Bench", role=StaffRole.KETENREGISSEUR, password_hash="x",
                         municipality=municipality)
    session.add(member)
    session.commit()
    rng, today, now = random.Random(17), local_date(utcnow()), utcnow()
    zaken, rows, zaak_id, signal_id = [], [], 0, 0
    while signal_id < signals:
        zaak_id += 1
        count = min(rng.choices([1, 2, 3], [70, 20, 10])[0], signals - signal_id)
        crisis = rng.random() < 0.05
        postcode = f"{rng.randint(2600, 2699)} {rng.choice('ABCDEFGH')}{rng.choice('KLMNPRST')}"
        huisnummer = str(rng.randint(1, 200))
        key_id, digest = blind_index.digest(municipality.id, "household", f"{postcode}|{huisnummer}|")
        signalled = today - timedelta(days=rng.randint(0, 360))
        closed = rng.random() < 0.3
        zaken.append({
            "id": zaak_id, "municipality_id": municipality.id, "household_digest": digest,
            "household_key_id": key_id, "crisis": crisis,
            "approach": Approach.CRISIS.value if crisis else (Approach.LETTER_SMS.value if count == 1
                                                              else Approach.CALL_VISIT.value),
            "due_on": signalled + timedelta(days=3 if crisis else 10), "matched_on": signalled,
            "matching_start": signalled, "matching_end": signalled,
            "picked_up_on": signalled + timedelta(days=2) if rng.random() < 0.4 else None,
            "assigned_to_id": member.id if rng.random() < 0.1 else None,
            "result": Eindresultaat.GEEN_CONTACT.value if closed else None, "closed_at": now if closed else None,
            "created_at": now,
        })
        name = f"{rng.choice(('P.', 'A.', 'M.', 'S.'))} {rng.choice(NAMES)}"
        for _ in range(count):
            signal_id += 1
            rows.append({
                "id": signal_id, "municipality_id": municipality.id, "zaak_id": zaak_id,
                "external_id": f"BENCH-{signal_id}", "partner_type": rng.choice(PARTNERS).value,
                "partner_name": "Woonzorg", "amount_euros": rng.randint(50, 3000), "arose_on": signalled,
                "signalled_on": signalled, "crisis": crisis, "end_of_supply": False, "warm_handover": False,
                "status": Signaalstatus.NOG_NIET_OPGEPAKT.value, "imported_at": now, "name": name,
                "street": "Dorpsstraat", "postcode": postcode, "huisnummer": huisnummer, "city": "Berkel",
                "phone": f"06{rng.randint(10_000_000, 99_999_999)}",
            })
        if len(rows) >= BATCH:
            session.execute(insert(Vroegsignaalzaak), zaken)
            session.execute(insert(Vroegsignaal), rows)
            zaken, rows = [], []
    if zaken:
        session.execute(insert(Vroegsignaalzaak), zaken)
        session.execute(insert(Vroegsignaal), rows)
    session.commit()
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("vroegsignaalzaak", "vroegsignaal"):
                connection.execute(text(f"VACUUM ANALYZE {table}"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    print(f"  {zaak_id} households, {signal_id} signals")
    session.close()
    return member.id


def _median(timings: list[float]) -> tuple[float, float]:
    return statistics.median(timings), max(timings)


def time_queries(app, member_id: int, runs: int) -> dict[str, tuple[float, float, int]]:
    results = {}
    for name, filters in FILTERS.items():
        timings = []
        for attempt in range(runs + 1):
            session = app.extensions["db_sessionmaker"]()
            member = session.get(StaffMember, member_id)
            started = time.perf_counter()
            page = ew.queue(session, member, filters)
            ew.open_counts(session, member)
            elapsed = (time.perf_counter() - started) * 1000
            session.close()
            if attempt:
                timings.append(elapsed)
        results[name] = (*_median(timings), page.total)
    return results


def time_page(app, member_id: int, runs: int) -> tuple[float, float]:
    """The whole first page as the view makes it: queries, decrypting the rows' names, the template."""
    view = app.view_functions["staff.show_early_warning_queue"]
    timings = []
    for attempt in range(runs + 1):
        with app.test_request_context("/werkplek/vroegsignalen"):
            from portal.db import get_session

            g.staff = get_session().get(StaffMember, member_id)
            started = time.perf_counter()
            html = view()
            elapsed = (time.perf_counter() - started) * 1000
        assert "early-warning-queue" in html
        if attempt:
            timings.append(elapsed)
    return _median(timings)


def run(label: str, url: str, signals: int, runs: int) -> None:
    app = create_app({"PORTAL_ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url,
                      "SUPPORTED_LOCALES": ("nl",), "BLIND_INDEX_KEYS": blind_index.new_key()})
    engine = app.extensions["db_engine"]
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(app)
    print(f"\n{label}:")
    started = time.perf_counter()
    member_id = fill(app, signals)
    print(f"  loaded in {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores (a shared machine makes every figure slower)")
    print(f"  {'queries: page + counts':<28} {'rows':>6} {'median ms':>10} {'max ms':>8}")
    for name, (median_ms, max_ms, total) in time_queries(app, member_id, runs).items():
        print(f"  {name:<28} {total:>6} {median_ms:>10.1f} {max_ms:>8.1f}")
    median_ms, max_ms = time_page(app, member_id, runs)
    print(f"  {'whole page 1 (rendered)':<28} {'':>6} {median_ms:>10.1f} {max_ms:>8.1f}")
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        folder = Path(tempfile.mkdtemp())
        try:
            run("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", args.signals, args.runs)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if not args.skip_postgres:
        try:
            run("PostgreSQL", args.postgres, args.signals, args.runs)
        except Exception as exc:  # noqa: BLE001
            print(f"\nPostgreSQL not reachable or failed ({exc.__class__.__name__}: {exc}): skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
