"""aanmelding.cutoff_date: the day the energy or water is to be cut off, next to the eviction date

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 07:00:00

The urgent step asked for the day of an eviction only; a cut-off of gas, electricity or water is just as urgent
(Wgs art. 5) and its day tells the coordinator how much time is left.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cutoff_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.drop_column('cutoff_date')
