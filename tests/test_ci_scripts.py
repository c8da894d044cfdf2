"""scripts/test, run in a copy of the scripts with stand-ins for pytest and the tools it calls: what each phase gets."""

import os
import shutil
import subprocess

from tests.conftest import ROOT

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5999/test"
STAND_INS = {
    "scripts/setup": "exit 0",
    "scripts/install-html-checker": "exit 0",
    ".venv/bin/ruff": "exit 0",
    ".venv/bin/lint-imports": "exit 0",
    ".venv/bin/python": "exit 0",  # "PostgreSQL is reachable"
    ".venv/bin/pytest": 'echo "pytest $* with ${TEST_DATABASE_URL:-SQLite}"',
}


def run_scripts_test(tmp_path, **environment) -> list[str]:
    (tmp_path / "scripts").mkdir()
    for name in ("test", "as-root"):
        shutil.copy(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    for name, body in STAND_INS.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "CHROMIUM_PATH": "/bin/true", **environment}
    result = subprocess.run(["bash", str(tmp_path / "scripts" / "test"), "-x"], env=env, capture_output=True,
                            text=True, check=True, timeout=30)
    return [line for line in result.stdout.splitlines() if line.startswith("pytest")]


def test_the_sqlite_phase_is_sqlite_even_when_the_caller_set_test_database_url(tmp_path):
    """The old .ci/run exported TEST_DATABASE_URL for its own cluster, and both phases ran on PostgreSQL."""
    assert run_scripts_test(tmp_path, TEST_DATABASE_URL=PG_URL) == [
        "pytest -x with SQLite", f"pytest -m not browser -x with {PG_URL}"]


def test_the_postgresql_phase_takes_its_own_variable(tmp_path):
    assert run_scripts_test(tmp_path, POSTGRES_TEST_URL=PG_URL) == [
        "pytest -x with SQLite", f"pytest -m not browser -x with {PG_URL}"]
