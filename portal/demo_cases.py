"""A few made-up cases so the demo workspace is not empty. Names are invented; never used outside development."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.models import Aanmelding, Municipality
from portal.rules.deadlines import first_contact_deadlines
from portal.rules.reference import new_reference

DEMO_CASES = (
    # (municipality, call name, days ago, crisis kinds, children, group, topics, channels)
    ("lansingerland", "Demo Noor", 0, ["eviction"], "yes", "none", ["rent"], ["phone"]),
    ("lansingerland", "Demo Sam", 3, [], "no", "youth", ["loans", "overview"], ["whatsapp"]),
    ("lansingerland", "Demo Ayaan", 9, [], "yes", "status_holder", ["energy"], ["phone"]),
    ("lansingerland", "Demo Kees", 16, [], "no", "entrepreneur", ["business", "taxes"], ["email"]),
    ("groningen", "Demo Femke", 1, ["cutoff"], "no", "none", ["energy"], ["phone"]),
    ("groningen", "Demo Daan", 5, [], "no", "youth", ["collectors"], ["sms"]),
    ("lochem", "Demo Marja", 2, [], "yes", "none", ["rent", "health_insurance"], ["letter"]),
)


def load_demo_cases(session: Session) -> int:
    if session.scalar(select(func.count()).select_from(Aanmelding)):
        return 0
    municipalities = {m.slug: m for m in session.scalars(select(Municipality))}
    with transaction(session):
        for index, (slug, name, days_ago, crisis, children, group, topics, channels) in enumerate(DEMO_CASES):
            municipality = municipalities[slug]
            submitted = utcnow() - timedelta(days=days_ago, hours=index)
            deadlines = first_contact_deadlines(submitted, crisis=bool(crisis),
                                                promise_days=municipality.first_contact_days,
                                                promise_crisis_working_days=municipality.crisis_working_days)
            session.add(Aanmelding(
                reference=new_reference(), submission_key=f"demo-{index}", municipality=municipality,
                submitted_at=submitted, call_name=name, crisis=bool(crisis), crisis_kinds=crisis, children=children,
                group=group, topics=topics, channels=channels, phone="+31600000000" if "phone" in channels else None,
                postal_address="Demostraat 1" if "letter" in channels else None, consent_version=1,
                first_contact_due=deadlines.target, legal_deadline=deadlines.legal,
            ))
    return len(DEMO_CASES)
