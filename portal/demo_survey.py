"""Made-up survey answers for the demo, so the monitoring page shows a quarter with figures and one suppressed group,
and one open invitation whose link `flask demo-data` prints. Demo answers have no case, as real ones have none."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.survey import INVITATION_DAYS
from portal.models import Klantervaring, Klantervaringsuitnodiging, Municipality
from portal.rules.deadlines import local_date
from portal.rules.token_hash import token_hash

DEMO_MUNICIPALITY = "lansingerland"
# (channel, route, reachable, heard, next steps clear, waiting, mark, remark): 12 online on their own (shown), 4 by
# the bank app (too few: suppressed), 11 helped by the municipality itself and 5 by social work.
DEMO_ANSWERS = (
    *[("self", "municipality", "yes", "yes", "yes", "ok", 8, None)] * 5,
    ("self", "municipality", "yes", "partly", "yes", "long", 7, "Ik werd snel teruggebeld. Fijn."),
    ("self", "municipality", "partly", "yes", "partly", "too_long", 6, "De wachttijd was lang."),
    ("self", "municipality", "no", "yes", "yes", "long", 6, None),
    ("self", "social_work", "yes", "yes", "no", "ok", 9, "Duidelijke uitleg over de volgende stap."),
    ("self", "social_work", "yes", "yes", "yes", "ok", 9, None),
    ("self", "social_work", "yes", "partly", "partly", "long", 7, None),
    ("self", "municipality", None, "yes", "yes", "ok", 10, None),
    ("bank_app", "municipality", "yes", "yes", "yes", "ok", 8, None),
    ("bank_app", "municipality", "yes", "no", "partly", "too_long", 4, "Ik moest mijn verhaal vaak herhalen."),
    ("bank_app", "social_work", "yes", "yes", "yes", "ok", 9, None),
    ("bank_app", "social_work", "partly", "yes", "yes", "long", 7, None),
)


def load_demo_survey(session: Session) -> int:
    """The answers once (none are added while the municipality has some); returns how many were added."""
    municipality = session.scalars(select(Municipality).where(Municipality.slug == DEMO_MUNICIPALITY)).first()
    if municipality is None or session.scalar(select(func.count()).select_from(Klantervaring)
                                              .where(Klantervaring.municipality_id == municipality.id)):
        return 0
    month = local_date(utcnow()).strftime("%Y-%m")
    with transaction(session):
        for channel, route, reachable, heard, clear, waiting, mark, remark in DEMO_ANSWERS:
            session.add(Klantervaring(municipality_id=municipality.id, month=month, channel=channel, route=route,
                                      reachable=reachable, heard=heard, next_steps_clear=clear, waiting=waiting,
                                      mark=mark, remark=remark))
    return len(DEMO_ANSWERS)


def demo_invitation(session: Session, language: str = "nl") -> str | None:
    """A new open invitation (only its hash is kept, so each run makes one to print); returns its token."""
    municipality = session.scalars(select(Municipality).where(Municipality.slug == DEMO_MUNICIPALITY)).first()
    if municipality is None:
        return None
    token = secrets.token_urlsafe(16)
    with transaction(session):
        session.add(Klantervaringsuitnodiging(
            token_hash=token_hash(token), municipality_id=municipality.id,
            month=local_date(utcnow()).strftime("%Y-%m"), channel="self", route="municipality", language=language,
            expires_at=utcnow() + timedelta(days=INVITATION_DAYS)))
    return token
