"""search_token: the blind index of each case's phone number and name words, filled for the cases already there

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 13:00:00

Staff find a case by phone number or name without the table being decrypted (portal/blind_index.py). The upgrade
decrypts each case's phone number and name with the app's keys (like 0011) and writes their digests under the first
key of BLIND_INDEX_KEYS, so `flask db-upgrade` alone makes every existing case findable. `flask rebuild-search-index`
does the same at any later time (a new key, a repair) and leaves a case that is already right alone.
Downgrade drops the table: nothing else holds its data.
"""
from alembic import op
import sqlalchemy as sa

from portal import blind_index, encryption
from portal.rules.search_terms import SearchKind, name_words, phone_term

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

CASES = sa.table('aanmelding', sa.column('id'), sa.column('municipality_id'), sa.column('phone', sa.Text()),
                 sa.column('call_name', sa.Text()))
TOKENS = sa.table('search_token', sa.column('aanmelding_id'), sa.column('municipality_id'), sa.column('kind'),
                  sa.column('key_id'), sa.column('digest'))


def upgrade() -> None:
    op.create_table('search_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanmelding_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], name=op.f('fk_search_token_aanmelding_id_aanmelding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_search_token_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_token'))
    )
    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_token_aanmelding_id'), ['aanmelding_id'], unique=False)
        batch_op.create_index('ix_search_token_digest', ['digest', 'aanmelding_id'], unique=False)
    _fill()


def _fill() -> None:
    bind = op.get_bind()
    rows = []
    for case in bind.execute(sa.select(CASES)).all():
        phone = encryption.decrypt(case.phone, 'aanmelding.phone') if case.phone else None
        name = encryption.decrypt(case.call_name, 'aanmelding.call_name') if case.call_name else ''
        terms = [(SearchKind.PHONE, term) for term in [phone_term(phone)] if term]
        for kind, term in terms + [(SearchKind.NAME, word) for word in name_words(name)]:
            kid, digest = blind_index.digest(case.municipality_id, kind.value, term)
            rows.append({'aanmelding_id': case.id, 'municipality_id': case.municipality_id, 'kind': kind.value,
                         'key_id': kid, 'digest': digest})
        if len(rows) >= 5000:
            bind.execute(TOKENS.insert(), rows)
            rows = []
    if rows:
        bind.execute(TOKENS.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.drop_index('ix_search_token_digest')
        batch_op.drop_index(batch_op.f('ix_search_token_aanmelding_id'))
    op.drop_table('search_token')
