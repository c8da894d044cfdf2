"""municipality.opening_hours per weekday instead of one opens/closes pair; referral links without a municipality

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 07:00:00

The phone's opening hours were two times that every page called "Monday to Friday". They are now data per weekday
([[weekday, "08:30", "17:00"], ...], 0 is Monday), so a page names the days in the reader's language and a short
Friday can be said. The old pair becomes Monday to Friday; going down, Monday's times (or the first day's) return.

A national partner (a bank across the country) hands out a link that names no municipality: the resident is asked
where they live first. Going down, such links are deleted (the old schema needs a municipality).
"""
from datetime import time

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

MUNICIPALITY = sa.table("municipality", sa.column("id", sa.Integer), sa.column("opening_hours", sa.JSON),
                        sa.column("phone_opens", sa.Time), sa.column("phone_closes", sa.Time))
REFERRAL_LINK = sa.table("referral_link", sa.column("municipality_id", sa.Integer))
MONDAY_TO_FRIDAY = range(5)


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opening_hours', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(MUNICIPALITY.c.id, MUNICIPALITY.c.phone_opens,
                                            MUNICIPALITY.c.phone_closes)).all():
        hours = [[day, f"{row.phone_opens:%H:%M}", f"{row.phone_closes:%H:%M}"] for day in MONDAY_TO_FRIDAY]
        connection.execute(MUNICIPALITY.update().where(MUNICIPALITY.c.id == row.id).values(opening_hours=hours))
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.alter_column('opening_hours', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('phone_opens')
        batch_op.drop_column('phone_closes')
    with op.batch_alter_table('referral_link', schema=None) as batch_op:
        batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(REFERRAL_LINK.delete().where(REFERRAL_LINK.c.municipality_id.is_(None)))
    with op.batch_alter_table('referral_link', schema=None) as batch_op:
        batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_opens', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('phone_closes', sa.Time(), nullable=True))
    for row in connection.execute(sa.select(MUNICIPALITY.c.id, MUNICIPALITY.c.opening_hours)).all():
        _day, opens, closes = sorted(row.opening_hours)[0]
        connection.execute(MUNICIPALITY.update().where(MUNICIPALITY.c.id == row.id).values(
            phone_opens=time.fromisoformat(opens), phone_closes=time.fromisoformat(closes)))
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.alter_column('phone_opens', existing_type=sa.Time(), nullable=False)
        batch_op.alter_column('phone_closes', existing_type=sa.Time(), nullable=False)
        batch_op.drop_column('opening_hours')
