"""advice sessions on the server, wrong tries counted per question and per assist code

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 14:00:00

advice_session: one row per pick-up of an anonymous question (the sha256 of a token in the resident's cookie and
the day it stops working); closing the conversation deletes it. advice_question.failed_tries and
assist_code.failed_tries count wrong tries per target, from any address. Assist codes made before this migration
have no lookup_hash and can no longer be used (they live 30 minutes). selftest_draft.counted makes "one count per
money-check draft" one conditional UPDATE.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('advice_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['advice_question.id'], name=op.f('fk_advice_session_question_id_advice_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_advice_session'))
    )
    with op.batch_alter_table('advice_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_session_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_session_expires_on'), ['expires_on'], unique=False)

    with op.batch_alter_table('advice_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_tries', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('selftest_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counted', sa.Boolean(), nullable=False, server_default=sa.false()))
    # A draft that already shows a result was counted when it got it.
    op.execute(sa.text("UPDATE selftest_draft SET counted = :yes WHERE outcome IS NOT NULL").bindparams(yes=True))

    with op.batch_alter_table('assist_code', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lookup_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('failed_tries', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_assist_code_lookup_hash'), ['lookup_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assist_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assist_code_lookup_hash'))
        batch_op.drop_column('failed_tries')
        batch_op.drop_column('lookup_hash')

    with op.batch_alter_table('selftest_draft', schema=None) as batch_op:
        batch_op.drop_column('counted')

    with op.batch_alter_table('advice_question', schema=None) as batch_op:
        batch_op.drop_column('failed_tries')

    with op.batch_alter_table('advice_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_session_expires_on'))
        batch_op.drop_index(batch_op.f('ix_advice_session_question_id'))

    op.drop_table('advice_session')
