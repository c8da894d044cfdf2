"""Anonymous visit counts: one counter per day, municipality and source (models.VisitCount). No time, no address,
nothing that links a visit to the letter or the household it came from."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import VisitCount
from portal.rules.deadlines import local_date


def count_visit(session: Session, municipality: str, source: str) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(VisitCount).values(day=local_date(utcnow()), municipality=municipality, source=source, count=1)
    with transaction(session):
        session.execute(statement.on_conflict_do_update(index_elements=["day", "municipality", "source"],
                                                        set_={"count": VisitCount.count + 1}))
