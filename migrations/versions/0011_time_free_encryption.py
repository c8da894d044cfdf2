"""time-free encryption: AES-GCM tokens instead of Fernet, money-check drafts encrypted

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:00:00

A Fernet token carries the second it was written in clear, so an anonymous question was dated to the second
(finding 12.5). Every stored Fernet token is re-encrypted into the AES-GCM form of portal/encryption.py, bound to
its column. The money check's draft answers and outcome, plain JSON until now, become encrypted text, and its
expiry (start + 12 hours, to the microsecond) is moved up to the next whole hour.

It touches only tables that exist at 0009; a later migration's encrypted columns are not its business
(tests/test_encryption.py checks that this list and the models agree).
Downgrade writes Fernet tokens again (the code before this revision reads nothing else) and plain JSON drafts;
the rounded expiries stay rounded, as nothing remembers the precise ones.
"""
from datetime import UTC, timedelta

from alembic import op
import sqlalchemy as sa

from portal import encryption
from portal.db import UTCDateTime

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# table -> (primary key, columns holding Fernet tokens since 0008/0009)
ENCRYPTED = {
    'aanmelding': ('id', ['call_name', 'phone', 'email', 'postal_address', 'own_words', 'selftest_summary']),
    'aanmelding_draft': ('id', ['answers', 'context']),
    'outbox_message': ('id', ['recipient', 'body']),
    'case_event': ('id', ['text']),
    'advice_question': ('id', ['callback_phone']),
    'advice_message': ('id', ['text']),
    'staff_member': ('id', ['totp_secret', 'totp_pending_secret']),
}
# Plain JSON until now: (nullable)
DRAFT_JSON = {'answers': False, 'outcome': True}


def _rewrite(table: str, key: str, change: dict) -> None:
    """Apply change[column](value, 'table.column') to every non-null value, row by row, through bound parameters."""
    bind = op.get_bind()
    handle = sa.table(table, sa.column(key), *(sa.column(name, sa.Text()) for name in change))
    for row in bind.execute(sa.select(handle.c[key], *(handle.c[name] for name in change))).all():
        values = {name: None if getattr(row, name) is None else convert(getattr(row, name), f'{table}.{name}')
                  for name, convert in change.items()}
        bind.execute(sa.update(handle).where(handle.c[key] == row[0]).values(**values))


def _to_aead(value, context):
    return encryption.rotate(value, context)


def _to_fernet(value, context):
    return encryption.legacy_encrypt(encryption.decrypt(value, context))


def _encrypt_json(value, context):
    # JSON null (a draft before its result) becomes SQL NULL, as the encrypted type reads it.
    return None if value == 'null' else encryption.encrypt(value, context)


def _decrypt_json(value, context):
    return encryption.decrypt(value, context)


def _using(column: str, target: str) -> dict:
    return {'postgresql_using': f'{column}::{target}'} if op.get_bind().dialect.name == 'postgresql' else {}


def _whole_hour(moment):
    hour = moment.replace(minute=0, second=0, microsecond=0)
    return hour if hour == moment else hour + timedelta(hours=1)


def _round_draft_expiries() -> None:
    bind = op.get_bind()
    handle = sa.table('selftest_draft', sa.column('id_hash'), sa.column('expires_at', UTCDateTime(timezone=True)))
    for row in bind.execute(sa.select(handle.c.id_hash, handle.c.expires_at)).all():
        rounded = _whole_hour(row.expires_at.astimezone(UTC))
        bind.execute(sa.update(handle).where(handle.c.id_hash == row.id_hash).values(expires_at=rounded))


def upgrade() -> None:
    for table, (key, names) in ENCRYPTED.items():
        _rewrite(table, key, dict.fromkeys(names, _to_aead))
    with op.batch_alter_table('selftest_draft', schema=None) as batch_op:
        for name, nullable in DRAFT_JSON.items():
            batch_op.alter_column(name, existing_type=sa.JSON(), type_=sa.Text(), existing_nullable=nullable,
                                  **_using(name, 'text'))
    _rewrite('selftest_draft', 'id_hash', dict.fromkeys(DRAFT_JSON, _encrypt_json))
    _round_draft_expiries()


def downgrade() -> None:
    _rewrite('selftest_draft', 'id_hash', dict.fromkeys(DRAFT_JSON, _decrypt_json))
    with op.batch_alter_table('selftest_draft', schema=None) as batch_op:
        for name, nullable in DRAFT_JSON.items():
            batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.JSON(), existing_nullable=nullable,
                                  **_using(name, 'json'))
    for table, (key, names) in ENCRYPTED.items():
        _rewrite(table, key, dict.fromkeys(names, _to_fernet))
