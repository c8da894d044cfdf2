"""Fixtures: an app on a clean database (SQLite by default, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete, inspect, make_url, text

from portal import create_app, passwords
from portal.db import Base
from portal.migrate import upgrade
from portal.services.municipalities import load_municipalities

ROOT = Path(__file__).resolve().parent.parent
# One fixed key for every app the tests create: the key ring is process-wide (portal/encryption.py).
TEST_ENCRYPTION_KEY = "o3kN9uJQ0n5mJ4cQ9gq0m6tq3lYwQx7Zb1yS2dF4hXc="
os.environ.setdefault("DATA_ENCRYPTION_KEYS", TEST_ENCRYPTION_KEY)
TEST_BLIND_INDEX_KEY = "c2VhcmNoLWluZGV4LWtleS1mb3ItdGhlLXRlc3RzLW9ubHk"  # the search index's own (blind_index.py)
os.environ.setdefault("BLIND_INDEX_KEYS", TEST_BLIND_INDEX_KEY)
DEMO_MUNICIPALITIES = ROOT / "demo" / "municipalities.toml"


def _drop_everything(engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        if "alembic_version" in inspect(connection).get_table_names():
            connection.execute(text("DROP TABLE alembic_version"))


def pytest_configure(config):
    # The PostgreSQL run must run on PostgreSQL: a URL of another kind would give a second SQLite run that passes.
    url = os.environ.get("TEST_DATABASE_URL")
    if url and make_url(url).get_backend_name() != "postgresql":
        raise pytest.UsageError(f"TEST_DATABASE_URL is for the PostgreSQL run, not {make_url(url).get_backend_name()}")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def make_test_app(database_url: str, tmp_path: Path, **overrides):
    # The weak argon2 profile spares ~0.5 s per staff account and login; passwords' strength is not under test here.
    config = {"TESTING": True, "PORTAL_ENV": "testing", "SECRET_KEY": "test-secret-key",
              "DATABASE_URL": database_url, "PASSWORD_HASH_PROFILE": passwords.TEST_ONLY_WEAK, **overrides}
    app = create_app(config)
    app.instance_path = str(tmp_path)
    from portal.extensions import limiter

    limiter.reset()  # counts are per address in memory: every test starts with a clean slate
    return app


@pytest.fixture(scope="session")
def migrated_database(database_url, tmp_path_factory):
    """The schema comes from the Alembic migrations, so every run also proves the migrations work."""
    app = make_test_app(database_url, tmp_path_factory.mktemp("instance"))
    _drop_everything(app.extensions["db_engine"])
    upgrade(app)
    app.extensions["db_engine"].dispose()
    return database_url


def empty_database(app) -> None:
    """Every row gone, the schema kept: the next test starts from the migrated, empty database."""
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    engine.dispose()


@pytest.fixture
def app(migrated_database, tmp_path, request):
    # A test that measures the work of a password check needs the hashes production makes.
    full_strength = request.node.get_closest_marker("full_strength_passwords") is not None
    app = make_test_app(migrated_database, tmp_path,
                        PASSWORD_HASH_PROFILE=passwords.PRODUCTION if full_strength else passwords.TEST_ONLY_WEAK)
    yield app
    empty_database(app)


@pytest.fixture
def db_session(app):
    session = app.extensions["db_sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def municipalities(app, db_session):
    return {m.slug: m for m in load_municipalities(db_session, DEMO_MUNICIPALITIES)}


@pytest.fixture
def client(app):
    return app.test_client()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def raw_dump(session, skip: tuple[str, ...] = ()) -> str:
    """Every stored value of every table as a database dump or backup would hold it (encrypted columns as tokens)."""
    import sqlalchemy as sa

    values = []
    for table in Base.metadata.sorted_tables:
        if table.name in skip:
            continue
        handle = sa.table(table.name, *(sa.column(column.name) for column in table.columns))
        order = [handle.c[column.name] for column in table.primary_key.columns]
        values += [f"{table.name} {tuple(row)!r}" for row in session.execute(sa.select(handle).order_by(*order))]
    return "\n".join(values)


def assert_unique_ids(soup: BeautifulSoup) -> None:
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"



from tests.client_request import client_request  # noqa: E402,F401  (the fixture, for every test folder)
from tests.fake_notify import fake_notify  # noqa: E402,F401  (a running fake Notify service)
from tests.migration_database import _postgresql_migration_database, migration_database_url  # noqa: E402,F401
from tests.staff_fixtures import make_case, staff  # noqa: E402,F401  (fixtures for every test folder)
