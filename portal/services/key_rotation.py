"""Re-encrypt every encrypted column under the first configured key, so an old key can be retired."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal import encryption
from portal.db import Base, transaction


def encrypted_columns() -> dict[str, list[str]]:
    """Found from the models, so a new encrypted column cannot be forgotten here."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        names = [column.name for column in table.columns
                 if isinstance(column.type, encryption.EncryptedText | encryption.EncryptedJSON)]
        if names:
            found[table.name] = names
    return found


def rotate_all(session: Session) -> dict[str, int]:
    """Rows rewritten per table. Reads the stored tokens as plain text: nothing is decoded as JSON on the way."""
    counts: dict[str, int] = {}
    for table_name, names in encrypted_columns().items():
        key = next(iter(Base.metadata.tables[table_name].primary_key.columns)).name
        handle = sa.table(table_name, sa.column(key), *(sa.column(name, sa.Text()) for name in names))
        rows = session.execute(sa.select(handle.c[key], *(handle.c[name] for name in names))).all()
        with transaction(session):
            for row in rows:
                values = {name: None if getattr(row, name) is None else encryption.rotate(getattr(row, name))
                          for name in names}
                session.execute(sa.update(handle).where(handle.c[key] == row[0]).values(**values))
        counts[table_name] = len(rows)
    return counts
