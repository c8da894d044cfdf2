"""municipality.quick_exit_url: the neutral page "Snel weg" leads to, chosen by the municipality

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 07:00:00

Empty means the portal's safe default (portal/rules/quick_exit.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quick_exit_url', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('quick_exit_url')
