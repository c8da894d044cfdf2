"""Early-warning households under a new blind-index key: every case's household digest written again under the first
key of BLIND_INDEX_KEYS, so the older keys can be removed. The import looks under every configured key meanwhile
(services/early_warning_import.py), so a half-done rewrite still groups a household's signals."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal import blind_index
from portal.db import transaction
from portal.models import Vroegsignaalzaak
from portal.models.aftercare import Nazorgtraject
from portal.rules import early_warning_triage as triage
from portal.services import aftercare

BATCH = 500


def rewrite(session: Session) -> int:
    """Cases whose digest was written under another key than the first, written again; returns how many."""
    current = blind_index.current_key_id()
    count, after = 0, 0
    while True:
        with transaction(session):
            cases = list(session.scalars(
                select(Vroegsignaalzaak)
                .where(Vroegsignaalzaak.id > after, Vroegsignaalzaak.household_key_id != current)
                .options(selectinload(Vroegsignaalzaak.signals)).order_by(Vroegsignaalzaak.id).limit(BATCH)))
            for case in cases:
                signal = case.signals[-1]  # every signal of a case names the same household
                key = triage.household_key(bsn=signal.bsn, postcode=signal.postcode, huisnummer=signal.huisnummer,
                                           toevoeging=signal.toevoeging)
                case.household_key_id, case.household_digest = blind_index.digest(case.municipality_id,
                                                                                  triage.HOUSEHOLD_KIND, key)
        if not cases:
            return count
        count += len(cases)
        after = cases[-1].id
        session.expunge_all()


def rewrite_aftercare(session: Session) -> int:
    """After-care's household digests (services/aftercare.py) under the first key: from the early-warning case the
    sign-up came from (rewritten above), else from the case's address again; returns how many."""
    current = blind_index.current_key_id()
    with transaction(session):
        trajects = list(session.scalars(select(Nazorgtraject).where(Nazorgtraject.household_key_id.is_not(None),
                                                                    Nazorgtraject.household_key_id != current)))
        for traject in trajects:
            traject.household_key_id, traject.household_digest = aftercare.household_of(session, traject.aanmelding)
    return len(trajects)
