"""afspraak: appointments with a resident (a place, or a call), planned on the case page

Revision ID: 0022_appointments
Revises: 0021
Create Date: 2026-12-06 23:55:00

A new table only; outbox_message gains no column (its new state "cancelled" is a value of the existing string
column). Downgrade drops the table.
"""
from alembic import op
import sqlalchemy as sa

import portal.db

revision = '0022_appointments'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'afspraak',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aanmelding_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('by_phone', sa.Boolean(), nullable=False),
        sa.Column('place', sa.Text(), nullable=True),  # encrypted (portal.encryption.EncryptedText)
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('moved_to_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], name=op.f('fk_afspraak_aanmelding_id_aanmelding'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff_member.id'],
                                name=op.f('fk_afspraak_created_by_id_staff_member')),
        sa.ForeignKeyConstraint(['moved_to_id'], ['afspraak.id'], name=op.f('fk_afspraak_moved_to_id_afspraak'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_afspraak')),
    )
    op.create_index('ix_afspraak_case_starts', 'afspraak', ['aanmelding_id', 'starts_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_afspraak_case_starts', table_name='afspraak')
    op.drop_table('afspraak')
