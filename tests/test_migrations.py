from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from portal.db import Base, utcnow
from portal.migrate import alembic_config, upgrade
from portal.models import Aanmelding, AanmeldingDraft, CaseEvent, OutboxMessage
from tests.conftest import make_test_app

OUTBOX = sa.table("outbox_message", sa.column("channel"), sa.column("recipient"), sa.column("body"),
                  sa.column("created_at"))
DRAFT = sa.table("aanmelding_draft", sa.column("id"), sa.column("answers", sa.JSON), sa.column("context", sa.JSON),
                 sa.column("created_at"), sa.column("updated_at"), sa.column("expires_at"))
ANSWERS = {"contact": {"data": {"call_name": "Samira"}}}


def test_migrations_match_the_models(app):
    """A model change without a migration would break production; this catches it."""
    assert _differences(app.extensions["db_engine"]) == []


@pytest.mark.postgres_only
def test_the_postgresql_run_runs_on_postgresql(app):
    """A run that was meant for PostgreSQL but fell back to SQLite would pass everything twice and prove nothing."""
    assert app.extensions["db_engine"].dialect.name == "postgresql"


def test_every_migration_goes_down_and_up_again(migration_database_url, tmp_path):
    """Each migration goes up, down and up again (a downgrade that leaves a column or index behind makes the second
    upgrade fail), on the run's own database, with rows from 0007 on, so the data migrations (0008, 0011) rewrite
    them both ways: a downgrade that loses or garbles them fails. Then all the way down to nothing and up again."""
    app = make_test_app(migration_database_url, tmp_path)
    engine, config = app.extensions["db_engine"], alembic_config(app)
    script = ScriptDirectory.from_config(config)
    for revision in reversed([step.revision for step in script.walk_revisions()]):
        before = _schema(engine)
        command.upgrade(config, revision)
        if revision == "0007":
            _insert_plain_rows(engine)
        command.downgrade(config, "-1")
        assert _schema(engine) == before, f"the downgrade of {revision} leaves another schema than it found"
        if revision == "0008":  # back before encryption: the rows are plain again, as the code of then reads them
            with engine.connect() as connection:
                assert connection.execute(sa.select(OUTBOX.c.recipient)).scalar_one() == "+31612345678"
                assert connection.execute(sa.select(DRAFT.c.answers)).scalar_one() == ANSWERS
        command.upgrade(config, revision)
        assert _current(engine) == revision
    _assert_rows_read_back(app)

    command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(app)
    assert _differences(engine) == []
    engine.dispose()


def _insert_plain_rows(engine) -> None:
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(OUTBOX.insert().values(channel="sms", recipient="+31612345678", body="Uw link",
                                                  created_at=now))
        connection.execute(DRAFT.insert().values(id="d1", answers=ANSWERS, context={}, created_at=now,
                                                 updated_at=now, expires_at=now + timedelta(days=14)))


def _assert_rows_read_back(app) -> None:
    with app.extensions["db_sessionmaker"]() as session:
        assert session.scalars(sa.select(OutboxMessage.recipient)).one() == "+31612345678"
        assert session.get(AanmeldingDraft, "d1").answers == ANSWERS


def _schema(engine) -> dict:
    """Every table with its columns, indexes and unique and foreign key constraints, as the database reports them."""
    inspector = sa.inspect(engine)
    return {table: ({column["name"] for column in inspector.get_columns(table)},
                    {index["name"] for index in inspector.get_indexes(table)},
                    {unique["name"] for unique in inspector.get_unique_constraints(table)},
                    {key["name"] for key in inspector.get_foreign_keys(table)})
            for table in inspector.get_table_names() if table != "alembic_version"}


def _current(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migration_0013_renames_channel_to_filled_in_and_back_keeping_the_values(app, make_case, db_session, staff):
    """Runs on the test database itself (SQLite, or PostgreSQL with TEST_DATABASE_URL), with a row and the rows that
    point to it, and leaves it at head again."""
    case = make_case(assisted_by=staff["regisseur"].id)
    db_session.add(CaseEvent(aanmelding_id=case.id, kind="claimed"))
    db_session.commit()
    db_session.close()
    engine = app.extensions["db_engine"]
    engine.dispose()  # no open connection may hold a lock on the table the migration alters
    config = alembic_config(app)
    command.downgrade(config, "0012")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT channel FROM aanmelding")).scalar_one() == "assisted"
        assert "filled_in" not in {c["name"] for c in sa.inspect(connection).get_columns("aanmelding")}
    engine.dispose()
    command.upgrade(config, "head")
    with app.extensions["db_sessionmaker"]() as session:
        assert session.scalars(sa.select(Aanmelding.filled_in)).one() == "assisted"
        assert session.scalars(sa.select(CaseEvent.aanmelding_id)).one() == case.id


def test_0015_turns_one_opening_time_pair_into_monday_to_friday_and_back(migration_database_url, tmp_path):
    from datetime import time

    app = make_test_app(migration_database_url, tmp_path)
    engine, config = app.extensions["db_engine"], alembic_config(app)
    command.downgrade(config, "base")
    command.upgrade(config, "0014")
    municipality = sa.table("municipality", sa.column("slug"), sa.column("name"), sa.column("phone"),
                            sa.column("website"), sa.column("phone_opens", sa.Time), sa.column("phone_closes", sa.Time),
                            sa.column("first_contact_days"), sa.column("crisis_working_days"),
                            sa.column("advice_partners_allowed"), sa.column("opening_hours", sa.JSON))
    with engine.begin() as connection:
        connection.execute(municipality.insert().values(
            slug="a", name="A", phone="14 000", website="https://a.example", phone_opens=time(8, 30),
            phone_closes=time(17), first_contact_days=14, crisis_working_days=3, advice_partners_allowed=False))
    command.upgrade(config, "0015")
    with engine.connect() as connection:
        hours = connection.execute(sa.select(municipality.c.opening_hours)).scalar_one()
    assert hours == [[day, "08:30", "17:00"] for day in range(5)]
    command.downgrade(config, "0014")
    with engine.connect() as connection:
        row = connection.execute(sa.select(municipality.c.phone_opens, municipality.c.phone_closes)).one()
    assert tuple(row) == (time(8, 30), time(17))
    command.downgrade(config, "base")
    upgrade(app)
    engine.dispose()
