"""What a web worker loads and does when it starts (gunicorn.conf.py, portal/db.py): cheap to start, safe to fork."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def _run(code: str, tmp_path) -> str:
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_web_app_does_not_import_what_only_letters_and_migrations_need(tmp_path):
    # Catches a module-level `from weasyprint import ...` (half a second and ~20 MiB per process) or
    # `from portal import migrate` (Alembic) coming back into a module every worker imports.
    out = _run("import sys, wsgi; print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'alembic'}))",
               tmp_path)
    assert out.strip() == "[]"
