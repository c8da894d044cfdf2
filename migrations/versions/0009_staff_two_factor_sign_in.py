"""staff two-factor sign-in (TOTP)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:40:00

Existing accounts get no secret: an administrator gives each an enrolment code (`flask reset-two-factor`),
and their next login walks them through setting up the app.
"""
from alembic import op
import sqlalchemy as sa
import portal.db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('totp_confirmed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('totp_pending_secret', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('totp_pending_nonce', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('enrolment_code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('enrolment_expires_at', portal.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_column('enrolment_expires_at')
        batch_op.drop_column('enrolment_code_hash')
        batch_op.drop_column('totp_pending_nonce')
        batch_op.drop_column('totp_pending_secret')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_confirmed')
        batch_op.drop_column('totp_secret')
