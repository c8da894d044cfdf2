"""`flask purge-expired`, early warning: the signals, case, contact attempts and outreach messages of a household
that did not accept help go when the legal term has passed (rules/early_warning_retention.py, docs/early-warning.md).
Counts only are reported; nothing of what was deleted is logged."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import Contactpoging, Municipality, OutboxMessage, Vroegsignaal, Vroegsignaalzaak
from portal.rules.deadlines import local_date
from portal.rules.early_warning_retention import is_expired
from portal.rules.early_warning_settings import EarlyWarningSettings

CHUNK = 500  # ids per DELETE: well inside every database's limit on bound parameters


@dataclass(frozen=True)
class Purged:
    cases: int = 0
    signals: int = 0
    contact_attempts: int = 0
    messages: int = 0


def expired_case_ids(session: Session, municipality: Municipality, *, today) -> list[int]:
    months = EarlyWarningSettings.from_stored(municipality.early_warning).retention_months
    rows = session.execute(
        select(Vroegsignaalzaak.id, Vroegsignaalzaak.result, Vroegsignaalzaak.aanmelding_id,
               func.max(Vroegsignaal.imported_at).label("newest"))
        .join(Vroegsignaal, Vroegsignaal.zaak_id == Vroegsignaalzaak.id, isouter=True)
        .where(Vroegsignaalzaak.municipality_id == municipality.id)
        .group_by(Vroegsignaalzaak.id, Vroegsignaalzaak.result, Vroegsignaalzaak.aanmelding_id))
    expired = []
    for row in rows:
        newest = row.newest
        received = local_date(newest) if newest is not None else None
        if received is None or is_expired(newest_receipt=received, result=row.result,
                                          has_aanmelding=row.aanmelding_id is not None, months=months, today=today):
            expired.append(row.id)  # a case without any signal holds nothing it may keep
    return expired


def purge(session: Session, *, now=None) -> Purged:
    today = local_date(now or utcnow())
    totals = Purged()
    for municipality in session.scalars(select(Municipality)).all():
        ids = expired_case_ids(session, municipality, today=today)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            with transaction(session):
                messages = session.execute(delete(OutboxMessage)
                                           .where(OutboxMessage.vroegsignaalzaak_id.in_(chunk))).rowcount
                attempts = session.execute(delete(Contactpoging).where(Contactpoging.zaak_id.in_(chunk))).rowcount
                signals = session.execute(delete(Vroegsignaal).where(Vroegsignaal.zaak_id.in_(chunk))).rowcount
                cases = session.execute(delete(Vroegsignaalzaak).where(Vroegsignaalzaak.id.in_(chunk))).rowcount
            totals = Purged(totals.cases + cases, totals.signals + signals, totals.contact_attempts + attempts,
                            totals.messages + messages)
    return totals
