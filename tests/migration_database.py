"""An empty database of the run's own kind for migration tests, apart from the one the other tests share.

Migration tests start from an older revision and move up and down; on the shared database that would leave the
next test without its schema. In the SQLite run each test gets a new file; in the PostgreSQL run (TEST_DATABASE_URL)
one extra database `<name>_migrations` next to the run's own, emptied before each test, so the PostgreSQL branches
of the migrations (`postgresql_using`, real ALTER TABLE instead of SQLite's table copies) run with rows in them.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool


@pytest.fixture(scope="session")
def _postgresql_migration_database():
    url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{url.database}_migrations"
    # No pool: a connection kept for the whole session would be one that tests/test_db.py's "database restart"
    # (pg_terminate_backend on the run's database) ends, and the DROP at the end would meet it dead.
    server = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as connection:
        # Its own name, derived from the run's database: left over from an interrupted run at most.
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture
def migration_database_url(request, tmp_path) -> str:
    """The URL of an empty database: no tables, no alembic_version."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    url = request.getfixturevalue("_postgresql_migration_database")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
