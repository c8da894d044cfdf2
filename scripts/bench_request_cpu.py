"""CPU time of one money-check step inside the process, without HTTP or other processes: for A/B of server code.

    .venv/bin/python scripts/bench_request_cpu.py [--requests 2000] [--database-url URL] [--start-page]

Builds the app (development mode, CSRF on, rate limits in memory) on a temp SQLite file (or --database-url, which
it migrates: use a throwaway database), starts one money check with Flask's test client, then repeats the step the
HTTP benchmark times: GET the question, POST the answer (303). Prints time.process_time per GET and per POST in
ms (mean over --requests of each), the loop's wall time per iteration and, on a local PostgreSQL, the CPU of the
server process behind the connection, one line, so that two checkouts can be run in turn (interleaved A/B pairs).
With --start-page it times GET / instead.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.db import get_session  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
QUESTION = "/geldcheck/vraag/group"


def token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise SystemExit("no csrf_token in the page")
    return found.group(1) or found.group(2)


def build(url: str | None, folder: Path):
    os.environ.setdefault("PORTAL_INSTANCE_PATH", str(folder))
    app = create_app({"PORTAL_ENV": "development", "SECRET_KEY": "bench-cpu",
                      "DATABASE_URL": url or f"sqlite:///{folder / 'bench.sqlite3'}"})
    upgrade(app)
    with app.app_context():
        session = get_session()
        load_municipalities(session, ROOT / "demo" / "municipalities.toml")
        session.commit()
    return app


def _backend_pid(app) -> int | None:
    """The PostgreSQL server process behind the one pooled connection the sequential requests use (local server)."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql" or engine.pool.checkedin() != 1:
        return None
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--database-url")
    parser.add_argument("--start-page", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portal-cpu-"))
    try:
        return run(build(args.database_url, folder), args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(app, args) -> int:
    client = app.test_client()
    html = client.get("/geldcheck").get_data(as_text=True)
    assert client.post("/geldcheck/start", data={"csrf_token": token(html)}).status_code in (302, 303)
    for _ in range(50):  # warm-up: templates compiled, catalogues loaded, connections pooled
        html = client.get(QUESTION).get_data(as_text=True)
        client.post(QUESTION, data={"csrf_token": token(html), "answer": "none"})
    backend = _backend_pid(app)
    server_cpu = _proc_cpu(backend) if backend else 0.0
    get_cpu = post_cpu = 0.0
    wall = time.perf_counter()
    for _ in range(args.requests):
        started = time.process_time()
        response = client.get("/" if args.start_page else QUESTION)
        get_cpu += time.process_time() - started
        assert response.status_code == 200, response.status_code
        if args.start_page:
            continue
        data = {"csrf_token": token(response.get_data(as_text=True)), "answer": "none"}
        started = time.process_time()
        response = client.post(QUESTION, data=data)
        post_cpu += time.process_time() - started
        assert response.status_code in (302, 303), response.status_code
    wall = time.perf_counter() - wall
    server = f"  PostgreSQL backend CPU per loop {(_proc_cpu(backend) - server_cpu) / args.requests * 1000:.3f} ms" \
        if backend else ""
    print(f"GET {get_cpu / args.requests * 1000:.3f} ms  POST {post_cpu / args.requests * 1000:.3f} ms  "
          f"wall per loop {wall / args.requests * 1000:.3f} ms{server}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
