"""A few made-up cases so the demo workspace is not empty. Names are invented; never used outside development."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db import transaction, utcnow
from portal.domain.early_warning import Approach, Eindresultaat, Signaalstatus
from portal.domain.handover import ShareConsent
from portal.models import Aanmelding, AanmeldingStatus, CaseEvent, Municipality, StaffMember
from portal.models.early_warning import Vroegsignaal, Vroegsignaalzaak
from portal.rules.deadlines import first_contact_deadlines
from portal.rules.reference import new_reference
from portal.services import aftercare, handovers

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
    _demo_handovers(session)
    return len(DEMO_CASES) + _demo_aftercare(session, municipalities["lansingerland"])


# After a first call with the coordinator: one case already handed over to Kwadraad (the resident agreed to share
# everything), one ready to hand over (only name and contact details may go to the partner).
DEMO_COORDINATOR = "regisseur@lansingerland.demo"
DEMO_HANDED_OVER = ("Demo Ayaan", ShareConsent.ALL, "Kwadraad",
                    "Energierekening loopt op en er is weinig overzicht. Kwadraad helpt met ordenen; de inwoner "
                    "spreekt liever Engels.")
DEMO_READY = ("Demo Sam", ShareConsent.CONTACT)


def _demo_handovers(session: Session) -> None:
    coordinator = session.scalars(select(StaffMember).where(StaffMember.email == DEMO_COORDINATOR)).first()
    if coordinator is None:
        return
    by_name = {case.call_name: case for case in session.scalars(select(Aanmelding).where(
        Aanmelding.municipality_id == coordinator.municipality_id))}
    with transaction(session):
        for name, consent in ((DEMO_HANDED_OVER[0], DEMO_HANDED_OVER[1]), DEMO_READY):
            case = by_name[name]
            case.status, case.share_consent, case.assigned_to_id = AanmeldingStatus.CONTACTED, consent, coordinator.id
            case.first_contact_at = case.submitted_at + timedelta(days=1)
            session.add(CaseEvent(aanmelding_id=case.id, staff_id=coordinator.id, kind="contact",
                                  data={"kind": "call", "reached": True}))
    name, _consent, partner_name, why = DEMO_HANDED_OVER
    partner = next(p for p in coordinator.municipality.partners if p.name == partner_name)
    handovers.hand_over(session, coordinator, by_name[name].id, partner_id=partner.id, why=why)


# Closed cases in after-care (the after-care queue, /werkplek/nazorg): (call name, closed days ago, close reason,
# postal address). Lotte's first moment is past due; Bram answered his check-in asking for a call; Yusuf's household
# had a new early-warning signal after his trajectory.
DEMO_AFTERCARE = (
    ("Demo Lotte", 50, "helped", None),
    ("Demo Bram", 33, "debt_settlement", None),
    ("Demo Yusuf", 70, "handed_over", "Raadhuisplein 3, 2651 CB Berkel en Rodenrijs"),
)


def _demo_aftercare(session: Session, municipality: Municipality) -> int:
    coordinator = session.scalars(select(StaffMember).where(StaffMember.email == DEMO_COORDINATOR)).first()
    with transaction(session):
        trajects = {}
        for index, (name, days_ago, reason, address) in enumerate(DEMO_AFTERCARE):
            submitted = utcnow() - timedelta(days=days_ago + 60)
            deadlines = first_contact_deadlines(submitted, crisis=False, promise_days=municipality.first_contact_days,
                                                promise_crisis_working_days=municipality.crisis_working_days)
            case = Aanmelding(
                reference=new_reference(), submission_key=f"demo-aftercare-{index}", municipality=municipality,
                submitted_at=submitted, call_name=name, crisis=False, crisis_kinds=[], children="no", group="none",
                topics=["rent"], channels=["phone", "letter"] if address else ["phone"], phone="+31600000000",
                postal_address=address, consent_version=1, first_contact_due=deadlines.target,
                legal_deadline=deadlines.legal, first_contact_at=submitted + timedelta(days=2),
                status=AanmeldingStatus.CLOSED, closed_reason=reason, closed_at=utcnow() - timedelta(days=days_ago),
                assigned_to_id=coordinator.id if coordinator else None)
            session.add(case)
            session.flush()
            trajects[name] = aftercare.start_on_close(session, case, staff_id=coordinator.id if coordinator else None)
        bram = trajects["Demo Bram"]
        first = bram.moments[0]
        first.checkin_sent_at = first.answered_at = utcnow() - timedelta(days=2)
        first.done_on, first.money_now, first.new_bills, first.wants_call = first.due_on, "hard", True, True
        bram.call_requested_at = first.answered_at
        yusuf = trajects["Demo Yusuf"]
        session.flush()
        signalled = utcnow().date() - timedelta(days=6)
        zaak = Vroegsignaalzaak(
            municipality_id=municipality.id, household_digest=yusuf.household_digest,
            household_key_id=yusuf.household_key_id, approach=Approach.LETTER_SMS, crisis=False, due_on=signalled,
            matched_on=signalled, matching_start=signalled, matching_end=signalled + timedelta(days=90),
            result=Eindresultaat.AL_BEKEND, closed_at=utcnow(), nazorg_id=yusuf.id)
        session.add(zaak)
        session.flush()
        session.add(Vroegsignaal(
            municipality_id=municipality.id, zaak_id=zaak.id, external_id="DEMO-NAZORG-1", partner_type="Energie",
            partner_name="Eneco", amount_euros=310, arose_on=signalled - timedelta(days=45), signalled_on=signalled,
            crisis=False, end_of_supply=False, status=Signaalstatus.AL_BEKEND.value, name="Demo Yusuf",
            street="Raadhuisplein", postcode="2651 CB", huisnummer="3", city="Berkel en Rodenrijs"))
        yusuf.signal_at = utcnow() - timedelta(days=1)
    return len(DEMO_AFTERCARE)
