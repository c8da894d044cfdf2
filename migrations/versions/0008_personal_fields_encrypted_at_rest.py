"""personal fields encrypted at rest

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 13:20:00

The columns become text holding Fernet tokens (portal/encryption.py); rows that already exist are encrypted
in place with the first configured key, so an upgraded database holds no plain personal data either.
It still writes Fernet tokens, as it did when it was released; 0011 turns them into AES-GCM tokens.
"""
from alembic import op
import sqlalchemy as sa

from portal import encryption

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# table -> (primary key, text columns with their old type, JSON columns)
COLUMNS = {
    'aanmelding': ('id', {'call_name': sa.String(80), 'phone': sa.String(20), 'email': sa.String(200),
                          'postal_address': sa.String(300), 'own_words': sa.Text()}, ['selftest_summary']),
    'aanmelding_draft': ('id', {}, ['answers', 'context']),
    'outbox_message': ('id', {'recipient': sa.String(200), 'body': sa.Text()}, []),
    'case_event': ('id', {'text': sa.Text()}, []),
    'advice_question': ('id', {'callback_phone': sa.String(20)}, []),
    'advice_message': ('id', {'text': sa.Text()}, []),
}
NOT_NULL = {('aanmelding', 'call_name'), ('aanmelding_draft', 'answers'), ('aanmelding_draft', 'context'),
            ('outbox_message', 'recipient'), ('outbox_message', 'body'), ('advice_message', 'text')}


def _using(column: str, target: str) -> dict:
    return {'postgresql_using': f'{column}::{target}'} if op.get_bind().dialect.name == 'postgresql' else {}


def _rewrite(table: str, key: str, columns: list[str], change) -> None:
    """Apply `change` to every stored value of the columns, row by row, through bound parameters."""
    if not columns:
        return
    bind = op.get_bind()
    handle = sa.table(table, sa.column(key), *(sa.column(name, sa.Text()) for name in columns))
    rows = bind.execute(sa.select(handle.c[key], *(handle.c[name] for name in columns))).all()
    for row in rows:
        values = {name: change(getattr(row, name)) for name in columns}
        bind.execute(sa.update(handle).where(handle.c[key] == row[0]).values(**values))


def _encrypt_text(value):
    return value if encryption.is_encrypted(value) else encryption.legacy_encrypt(value)


def _encrypt_json(value):
    if value is None or value == 'null':  # JSON null becomes SQL NULL
        return None
    return _encrypt_text(value)


def _decrypt(value):
    # Only Fernet tokens are here (0011's downgrade wrote them back); they carry no column to check.
    return None if value is None else encryption.decrypt(value, context='')


def upgrade() -> None:
    for table, (key, texts, jsons) in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, old in texts.items():
                if not isinstance(old, sa.Text):
                    batch_op.alter_column(name, existing_type=old, type_=sa.Text(),
                                          existing_nullable=(table, name) not in NOT_NULL)
            for name in jsons:
                batch_op.alter_column(name, existing_type=sa.JSON(), type_=sa.Text(),
                                      existing_nullable=(table, name) not in NOT_NULL, **_using(name, 'text'))
        _rewrite(table, key, list(texts), _encrypt_text)
        _rewrite(table, key, jsons, _encrypt_json)


def downgrade() -> None:
    for table, (key, texts, jsons) in COLUMNS.items():
        _rewrite(table, key, [*texts, *jsons], _decrypt)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, old in texts.items():
                if not isinstance(old, sa.Text):
                    batch_op.alter_column(name, existing_type=sa.Text(), type_=old,
                                          existing_nullable=(table, name) not in NOT_NULL)
            for name in jsons:
                batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.JSON(),
                                      existing_nullable=(table, name) not in NOT_NULL, **_using(name, 'json'))
