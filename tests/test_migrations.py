import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.db import Base
from portal.migrate import alembic_config
from portal.models import Aanmelding, CaseEvent


def test_migrations_match_the_models(app):
    """A model change without a migration would break production; this catches it."""
    with app.extensions["db_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migration_0013_renames_channel_to_filled_in_and_back_keeping_the_values(app, make_case, db_session):
    """Runs on the test database itself (SQLite, or PostgreSQL with TEST_DATABASE_URL), with a row and the rows that
    point to it, and leaves it at head again."""
    case = make_case(filled_in="assisted")
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
