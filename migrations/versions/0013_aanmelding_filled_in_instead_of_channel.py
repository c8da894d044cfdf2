"""aanmelding.filled_in instead of aanmelding.channel

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 18:00:00

The same table has `channels` (the ways to reach the resident: phone, e-mail, letter, ...), so the column that says
how the form was filled in (online / assisted) is renamed; its values stay as they are.
"""
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


# No batch mode: SQLite (3.25+) and PostgreSQL both rename a column in place, and a batch copy of aanmelding would
# drop and recreate the table that case_event, audit_entry and the others point to.
def upgrade() -> None:
    op.alter_column('aanmelding', 'channel', new_column_name='filled_in')


def downgrade() -> None:
    op.alter_column('aanmelding', 'filled_in', new_column_name='channel')
