"""after-care and the client experience survey: after-care trajectories and their moments, survey invitations and
answers (no link to a case), the sign-up's "may we send a survey", the after-care months of a municipality, and an
early-warning case's link to the after-care it was shown on

Revision ID: 0026_aftercare_survey
Revises: 0025_ew_report
Create Date: 2026-12-07 03:15:00

New tables and nullable (or server-defaulted) columns; downgrade drops them.
"""
from alembic import op
import sqlalchemy as sa

import portal.db

revision = '0026_aftercare_survey'
down_revision = '0025_ew_report'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'nazorgtraject',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('aanmelding_id', sa.Integer(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('end_reason', sa.String(length=30), nullable=True),
        sa.Column('assigned_to_id', sa.Integer(), nullable=True),
        sa.Column('call_requested_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('signal_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('household_digest', sa.String(length=64), nullable=True),
        sa.Column('household_key_id', sa.String(length=8), nullable=True),
        sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_nazorgtraject_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'],
                                name=op.f('fk_nazorgtraject_aanmelding_id_aanmelding'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['assigned_to_id'], ['staff_member.id'],
                                name=op.f('fk_nazorgtraject_assigned_to_id_staff_member')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nazorgtraject')),
        sa.UniqueConstraint('aanmelding_id', name=op.f('uq_nazorgtraject_aanmelding_id')),
    )
    op.create_index('ix_nazorgtraject_queue', 'nazorgtraject', ['municipality_id', 'state'])
    op.create_index('ix_nazorgtraject_household', 'nazorgtraject', ['municipality_id', 'household_digest'])
    op.create_index(op.f('ix_nazorgtraject_assigned_to_id'), 'nazorgtraject', ['assigned_to_id'])
    op.create_table(
        'nazorgmoment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('checkin_token_hash', sa.String(length=64), nullable=True),
        sa.Column('checkin_sent_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('answered_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('money_now', sa.String(length=10), nullable=True),
        sa.Column('new_bills', sa.Boolean(), nullable=True),
        sa.Column('wants_call', sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(['traject_id'], ['nazorgtraject.id'],
                                name=op.f('fk_nazorgmoment_traject_id_nazorgtraject'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nazorgmoment')),
        sa.UniqueConstraint('checkin_token_hash', name=op.f('uq_nazorgmoment_checkin_token_hash')),
    )
    op.create_index(op.f('ix_nazorgmoment_traject_id'), 'nazorgmoment', ['traject_id'])
    op.create_index(op.f('ix_nazorgmoment_due_on'), 'nazorgmoment', ['due_on'])
    op.create_table(
        'survey_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('route', sa.String(length=30), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('expires_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_survey_invitation_municipality_id_municipality'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitation')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invitation_token_hash')),
    )
    op.create_index(op.f('ix_survey_invitation_expires_at'), 'survey_invitation', ['expires_at'])
    op.create_table(
        'survey_answer',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('route', sa.String(length=30), nullable=False),
        sa.Column('reachable', sa.String(length=10), nullable=True),
        sa.Column('heard', sa.String(length=10), nullable=True),
        sa.Column('next_steps_clear', sa.String(length=10), nullable=True),
        sa.Column('waiting', sa.String(length=10), nullable=True),
        sa.Column('mark', sa.SmallInteger(), nullable=True),
        sa.Column('remark', sa.Text(), nullable=True),  # encrypted (portal.encryption.EncryptedText)
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_survey_answer_municipality_id_municipality'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    )
    op.create_index('ix_survey_answer_municipality_month', 'survey_answer', ['municipality_id', 'month'])
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_ok', sa.Boolean(), nullable=True))
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aftercare_months', sa.JSON(), server_default='[1, 3, 6]', nullable=False))
    with op.batch_alter_table('vroegsignaalzaak', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nazorg_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_vroegsignaalzaak_nazorg_id_nazorgtraject'), 'nazorgtraject',
                                    ['nazorg_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_vroegsignaalzaak_nazorg_id'), ['nazorg_id'])


def downgrade() -> None:
    with op.batch_alter_table('vroegsignaalzaak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vroegsignaalzaak_nazorg_id'))
        batch_op.drop_constraint(batch_op.f('fk_vroegsignaalzaak_nazorg_id_nazorgtraject'), type_='foreignkey')
        batch_op.drop_column('nazorg_id')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('aftercare_months')
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.drop_column('survey_ok')
    op.drop_table('survey_answer')
    op.drop_table('survey_invitation')
    op.drop_table('nazorgmoment')
    op.drop_table('nazorgtraject')
