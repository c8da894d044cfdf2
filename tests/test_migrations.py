from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.db import Base


def test_migrations_match_the_models(app):
    """A model change without a migration would break production; this catches it."""
    with app.extensions["db_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
