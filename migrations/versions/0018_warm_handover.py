"""Warm handover as a process: partner staff accounts, the resident's consent to share, and the overdracht table

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 13:00:00

staff_member.partner_id: a caseworker account of one partner organisation. municipality.handover_working_days: the
partner's working days to accept or return a handover (default 5). aanmelding.share_consent: what the resident agreed
to pass on. overdracht: one row per handover, with its reason and return reason encrypted like every free text.
"""
from alembic import op
import sqlalchemy as sa

import portal.db


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handover_working_days', sa.Integer(), nullable=False, server_default='5'))
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_staff_member_partner_id', ['partner_id'], unique=False)
        batch_op.create_foreign_key('fk_staff_member_partner_id_partner', 'partner', ['partner_id'], ['id'])
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_consent', sa.String(length=20), nullable=True))
    op.create_table(
        'overdracht',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aanmelding_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),  # encrypted (portal.encryption.EncryptedText)
        sa.Column('field_groups', sa.JSON(), nullable=False),
        sa.Column('handed_over_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('handed_over_by_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('decided_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('return_reason', sa.Text(), nullable=True),  # encrypted
        sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], name=op.f('fk_overdracht_aanmelding_id_aanmelding'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_overdracht_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_overdracht_partner_id_partner')),
        sa.ForeignKeyConstraint(['handed_over_by_id'], ['staff_member.id'], name=op.f('fk_overdracht_handed_over_by_id_staff_member')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['staff_member.id'], name=op.f('fk_overdracht_decided_by_id_staff_member')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_overdracht')),
    )
    op.create_index('ix_overdracht_aanmelding_id', 'overdracht', ['aanmelding_id'], unique=False)
    op.create_index('ix_overdracht_partner_state', 'overdracht', ['partner_id', 'state'], unique=False)
    op.create_index('ix_overdracht_municipality', 'overdracht', ['municipality_id', 'handed_over_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_overdracht_municipality', table_name='overdracht')
    op.drop_index('ix_overdracht_partner_state', table_name='overdracht')
    op.drop_index('ix_overdracht_aanmelding_id', table_name='overdracht')
    op.drop_table('overdracht')
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.drop_column('share_consent')
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_constraint('fk_staff_member_partner_id_partner', type_='foreignkey')
        batch_op.drop_index('ix_staff_member_partner_id')
        batch_op.drop_column('partner_id')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('handover_working_days')
