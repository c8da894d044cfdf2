"""early warning, the report part: a municipality's CBS code (gemeentecode, for the DDAS report) and the anonymous
day count of visits by an outreach letter's link

Revision ID: 0025_ew_report
Revises: 0024_early_warning
Create Date: 2026-12-07 01:00:00

A new nullable column and a new table; downgrade drops them.
"""
from alembic import op
import sqlalchemy as sa

revision = '0025_ew_report'
down_revision = '0024_early_warning'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gemeentecode', sa.String(length=4), nullable=True))
    op.create_table(
        'visit_count',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('municipality', sa.String(length=60), nullable=False),
        sa.Column('source', sa.String(length=60), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'municipality', 'source', name=op.f('pk_visit_count')),
    )


def downgrade() -> None:
    op.drop_table('visit_count')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('gemeentecode')
