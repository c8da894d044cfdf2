"""outbox_message becomes a transactional outbox: kind, case, state, retries, a worker's lease, Notify's id

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 02:00:00

Rows already there (written by the development notifier, never sent) get a random reference and stay queued, so
a worker started after the upgrade would send them: in development nothing sends (NOTIFIER=outbox), and no
production deployment had a sender before this revision. Downgrade drops the new columns; the rows stay.
"""
import uuid

from alembic import op
import sqlalchemy as sa

import portal.db

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

MESSAGES = sa.table('outbox_message', sa.column('id'), sa.column('reference', sa.String()))


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=30), nullable=False, server_default='resume_link'))
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default='nl'))
        batch_op.add_column(sa.Column('aanmelding_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('reference', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=24), nullable=False, server_default='queued'))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('lease_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lease_until', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notify_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('error', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('sent_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('state_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('text_removed_at', portal.db.UTCDateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    for (message_id,) in connection.execute(sa.select(MESSAGES.c.id)).all():
        connection.execute(MESSAGES.update().where(MESSAGES.c.id == message_id)
                           .values(reference=str(uuid.uuid4())))
    op.execute("UPDATE outbox_message SET next_attempt_at = created_at")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('reference', existing_type=sa.String(length=36), nullable=False)
        batch_op.alter_column('next_attempt_at', existing_type=portal.db.UTCDateTime(timezone=True), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_aanmelding_id_aanmelding'), 'aanmelding',
                                    ['aanmelding_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_outbox_message_aanmelding_id'), ['aanmelding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_notify_id'), ['notify_id'], unique=False)
        batch_op.create_index('ix_outbox_message_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_message_dedupe_key'), ['dedupe_key'])
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_message_reference'), ['reference'])


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_message_reference'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_outbox_message_dedupe_key'), type_='unique')
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.drop_index(batch_op.f('ix_outbox_message_notify_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_aanmelding_id'))
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_aanmelding_id_aanmelding'), type_='foreignkey')
        for column in ('text_removed_at', 'state_at', 'sent_at', 'error', 'notify_id', 'lease_until', 'lease_token', 'next_attempt_at',
                       'attempts', 'state', 'reference', 'dedupe_key', 'aanmelding_id', 'language', 'kind'):
            batch_op.drop_column(column)
