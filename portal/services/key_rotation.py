"""Re-encrypt every encrypted column under the first configured key, so an old key can be retired.

It also turns any Fernet token still stored (they carry their write time) into the current AES-GCM form.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal import encryption
from portal.db import Base, transaction

MAX_ATTEMPTS = 5


def encrypted_columns() -> dict[str, dict[str, str]]:
    """Table -> column -> the column's encryption context. Found from the models, so none can be forgotten here."""
    found: dict[str, dict[str, str]] = {}
    for table in Base.metadata.sorted_tables:
        columns = {column.name: column.type.context for column in table.columns
                   if isinstance(column.type, encryption.EncryptedText | encryption.EncryptedJSON)}
        if columns:
            found[table.name] = columns
    return found


def rotate_all(session: Session) -> dict[str, int]:
    """Rows rewritten per table. Reads the stored tokens as plain text: nothing is decoded as JSON on the way.

    Safe while the portal runs: a row is only rewritten if it still holds the tokens that were read (compare and
    swap), so a resident's save or a staff change in between is never reverted; such a row is read again.
    """
    counts: dict[str, int] = {}
    for table_name, contexts in encrypted_columns().items():
        names = list(contexts)
        key = next(iter(Base.metadata.tables[table_name].primary_key.columns)).name
        handle = sa.table(table_name, sa.column(key), *(sa.column(name, sa.Text()) for name in names))
        read = sa.select(handle.c[key], *(handle.c[name] for name in names))
        counts[table_name] = 0
        for row in session.execute(read).all():
            for _attempt in range(MAX_ATTEMPTS):
                if _rotate_row(session, handle, key, contexts, row):
                    counts[table_name] += 1
                    break
                row = session.execute(read.where(handle.c[key] == row[0])).first()
                if row is None:  # deleted in between: nothing left to rotate
                    break
            else:
                raise RuntimeError(f"{table_name} row {row[0]} kept changing; run the rotation again")
    return counts


def _rotate_row(session: Session, handle, key: str, contexts: dict[str, str], row) -> bool:
    unchanged = [handle.c[name].is_(None) if getattr(row, name) is None else handle.c[name] == getattr(row, name)
                 for name in contexts]
    values = {name: None if getattr(row, name) is None else encryption.rotate(getattr(row, name), context)
              for name, context in contexts.items()}
    with transaction(session):
        return session.execute(sa.update(handle).where(handle.c[key] == row[0], *unchanged).values(**values)
                               ).rowcount == 1
