"""letters: the municipality's postal address for the letterhead (outbox_message.channel gains 'letter', no DDL)

Revision ID: 0023_letters
Revises: 0022_appointments
Create Date: 2026-12-06 23:50:00

`postal_address` is {"street": ..., "postcode": "2650 AA", "city": ...}, loaded from the municipality file
(services/municipalities.py); None until the file gives one (a letter then names only the phone and website).
"""
from alembic import op
import sqlalchemy as sa

revision = '0023_letters'
down_revision = '0022_appointments'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('postal_address', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('postal_address')
