"""early warning: Vroegsignaal, Vroegsignaalzaak, Contactpoging (VNG DDAS), municipality settings and inhabitants,
an outbox message's early-warning case

Revision ID: 0024_early_warning
Revises: 0023_letters
Create Date: 2026-12-07 00:30:00

New tables, and new nullable or defaulted columns; downgrade drops them.
"""
from alembic import op
import sqlalchemy as sa

import portal.db

revision = '0024_early_warning'
down_revision = '0023_letters'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('early_warning', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('inhabitants', sa.Integer(), nullable=True))
    op.create_table(
        'vroegsignaalzaak',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('household_digest', sa.String(length=64), nullable=False),
        sa.Column('household_key_id', sa.String(length=8), nullable=False),
        sa.Column('approach', sa.String(length=20), nullable=False),
        sa.Column('crisis', sa.Boolean(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('matched_on', sa.Date(), nullable=False),
        sa.Column('matching_start', sa.Date(), nullable=False),
        sa.Column('matching_end', sa.Date(), nullable=False),
        sa.Column('picked_up_on', sa.Date(), nullable=True),
        sa.Column('assigned_to_id', sa.Integer(), nullable=True),
        sa.Column('invited_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('result', sa.String(length=80), nullable=True),
        sa.Column('closed_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('aanmelding_id', sa.Integer(), nullable=True),
        sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_vroegsignaalzaak_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['assigned_to_id'], ['staff_member.id'],
                                name=op.f('fk_vroegsignaalzaak_assigned_to_id_staff_member')),
        sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'],
                                name=op.f('fk_vroegsignaalzaak_aanmelding_id_aanmelding'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vroegsignaalzaak')),
        sa.UniqueConstraint('aanmelding_id', name=op.f('uq_vroegsignaalzaak_aanmelding_id')),
    )
    op.create_index('ix_vroegsignaalzaak_queue', 'vroegsignaalzaak', ['municipality_id', 'result', 'crisis', 'due_on'])
    op.create_index('ix_vroegsignaalzaak_household', 'vroegsignaalzaak', ['municipality_id', 'household_digest'])
    op.create_index(op.f('ix_vroegsignaalzaak_assigned_to_id'), 'vroegsignaalzaak', ['assigned_to_id'])
    op.create_table(
        'vroegsignaal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('zaak_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=80), nullable=False),
        sa.Column('partner_type', sa.String(length=40), nullable=False),
        sa.Column('partner_name', sa.String(length=160), nullable=True),
        sa.Column('amount_euros', sa.Integer(), nullable=False),
        sa.Column('arose_on', sa.Date(), nullable=True),
        sa.Column('signalled_on', sa.Date(), nullable=False),
        sa.Column('crisis', sa.Boolean(), nullable=False),
        sa.Column('end_of_supply', sa.Boolean(), nullable=False),
        sa.Column('warm_handover', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=60), nullable=False),
        sa.Column('imported_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=True)  # encrypted (portal.encryption.EncryptedText)
          for name in ('bsn', 'name', 'street', 'postcode', 'huisnummer', 'toevoeging', 'city', 'birth_date',
                       'phone', 'email')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_vroegsignaal_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['zaak_id'], ['vroegsignaalzaak.id'], name=op.f('fk_vroegsignaal_zaak_id_vroegsignaalzaak'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vroegsignaal')),
        sa.UniqueConstraint('municipality_id', 'external_id', name='uq_vroegsignaal_external_id'),
    )
    op.create_index(op.f('ix_vroegsignaal_zaak_id'), 'vroegsignaal', ['zaak_id'])
    op.create_table(
        'contactpoging',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('zaak_id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('soort', sa.String(length=30), nullable=False),
        sa.Column('bereikt', sa.Boolean(), nullable=False),
        sa.Column('datum', sa.Date(), nullable=False),
        sa.Column('dagdeel', sa.String(length=10), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),  # encrypted
        sa.Column('at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['zaak_id'], ['vroegsignaalzaak.id'],
                                name=op.f('fk_contactpoging_zaak_id_vroegsignaalzaak'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_contactpoging_staff_id_staff_member')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contactpoging')),
    )
    op.create_index(op.f('ix_contactpoging_zaak_id'), 'contactpoging', ['zaak_id'])
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vroegsignaalzaak_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_vroegsignaalzaak_id_vroegsignaalzaak'),
                                    'vroegsignaalzaak', ['vroegsignaalzaak_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_outbox_message_vroegsignaalzaak_id'), ['vroegsignaalzaak_id'])


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_vroegsignaalzaak_id'))
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_vroegsignaalzaak_id_vroegsignaalzaak'),
                                 type_='foreignkey')
        batch_op.drop_column('vroegsignaalzaak_id')
    op.drop_table('contactpoging')
    op.drop_table('vroegsignaal')
    op.drop_table('vroegsignaalzaak')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('inhabitants')
        batch_op.drop_column('early_warning')
