"""What a web worker loads and does when it starts (gunicorn.conf.py, portal/db.py): cheap to start, safe to fork."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys

from argon2 import PasswordHasher
from sqlalchemy import text

from portal import passwords
from portal.services import staff_auth
from tests.conftest import ROOT


def _run(code: str, tmp_path) -> str:
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_web_app_does_not_import_what_only_letters_migrations_and_sending_need(tmp_path):
    # Catches a module-level `from weasyprint import ...` (half a second and ~20 MiB per process),
    # `from portal import migrate` (Alembic) or the Notify client (7 MiB with requests and PyJWT; only
    # `flask send-messages` sends) coming back into a module every worker imports.
    only_elsewhere = "{'weasyprint', 'alembic', 'notifications_python_client', 'requests', 'jwt'}"
    out = _run(f"import sys, wsgi; print(sorted({{m.split('.')[0] for m in sys.modules}} & {only_elsewhere}))",
               tmp_path)
    assert out.strip() == "[]"


def _backend_id(connection) -> object:
    """Which server-side connection this is: PostgreSQL's backend pid; on SQLite the DBAPI connection's identity."""
    if connection.dialect.name == "postgresql":
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return id(connection.connection.dbapi_connection)


def test_a_forked_worker_opens_its_own_connections_and_leaves_the_masters_alone(app):
    # gunicorn's preload_app forks workers from a process that may hold pooled connections. Catches a missing
    # after-fork dispose (the child would reuse the parent's connection: the pool is not empty in the child) and a
    # dispose that closes (on PostgreSQL the child would end the parent's session: the parent's backend changes).
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        before = _backend_id(connection)
    assert engine.pool.checkedin() == 1
    pid = os.fork()
    if pid == 0:  # the child: report through the exit code only, never return into pytest
        try:
            empty = engine.pool.checkedin() == 0
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            os._exit(0 if empty else 3)
        except BaseException:  # noqa: BLE001
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "3: the child inherited the parent's pooled connection"
    with engine.connect() as connection:
        assert _backend_id(connection) == before


def test_gunicorn_makes_the_dummy_hash_in_the_master_before_forking(monkeypatch):
    # Catches removing the when_ready hook: each worker would then pay a hash on its first unknown-account login,
    # which makes that login slower than a real account's (the timing the dummy exists to hide).
    monkeypatch.setenv("PORTAL_ENV", "testing")  # the file checks the rate-limit storage only for production
    monkeypatch.setattr(passwords, "_dummies", {})
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"] is True
    conf["when_ready"](None)
    assert passwords._dummies


def test_an_unknown_account_costs_one_verify_and_no_hash_once_the_dummy_exists(db_session, monkeypatch):
    # Catches a dummy made per request (a hash on every unknown login: twice the work of a real check) or none at all.
    passwords.dummy_hash()
    calls = []
    for name in ("hash", "verify"):
        real = getattr(PasswordHasher, name)
        monkeypatch.setattr(PasswordHasher, name, lambda self, *a, _n=name, _r=real: calls.append(_n) or _r(self, *a))
    staff_auth.log_in(db_session, "niemand@lansingerland.test", "a guess")
    assert calls == ["verify"]
