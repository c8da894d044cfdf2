"""kept_form: what a staff member typed when their session ran out, until they log in again

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 18:10:00

A note posted after 30 idle minutes used to end on the login page and then on a 405, and the text was lost. The
named fields are kept encrypted for five minutes (the password and the code), under the sha256 of a token in that
browser's cookie, and given back once, to the same account, on the form's page.
"""
from alembic import op
import sqlalchemy as sa
import portal.db


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kept_form',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=80), nullable=False),
    sa.Column('page', sa.String(length=300), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),  # encrypted JSON (portal.encryption.EncryptedJSON)
    sa.Column('expires_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_kept_form_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_kept_form'))
    )
    with op.batch_alter_table('kept_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_form_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_form_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('kept_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_form_expires_at'))
        batch_op.drop_index(batch_op.f('ix_kept_form_staff_id'))

    op.drop_table('kept_form')
