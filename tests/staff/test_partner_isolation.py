"""Partner isolation over the whole URL map: a caseworker of partner B gets nothing of a case handed over to partner A,
nor of another municipality's case, on any staff route that takes a case or a handover. A new route with another
kind of argument fails `test_every_argument_of_a_staff_route_is_walked` until it is walked here too."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.models import Aanmelding, Afspraak, CaseEvent, Overdracht
from tests.client_request import ClientRequest
from tests.staff_fixtures import handed_over, log_in

# Arguments this walk fills with the other partner's and the other municipality's objects.
WALKED = {"case_id", "handover_id", "appointment_id"}
# Arguments of routes a caseworker never reaches by their role (tests/staff/test_access.py proves that per role).
NOT_OURS = {"question_id", "filter_id", "letter_id",  # a letter's PDF: coordinators only
            "zaak_id",  # an early-warning household: coordinators only
            "traject_id"}  # an after-care: coordinators only
NAME, PHONE, OWN_WORDS, WHY = "Isolde", "+31612345678", "Schulden bij de bank en de huur", "Zoekt hulp bij post"


def _staff_rules(app):
    return [(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def test_every_argument_of_a_staff_route_is_walked(app):
    unknown = {(rule.endpoint, name) for rule, _ in _staff_rules(app) for name in rule.arguments
               if name not in WALKED | NOT_OURS}
    assert unknown == set(), "a staff route takes an object this walk does not try as another partner"


def _case(make_case, municipality):
    return make_case(municipality, status="contacted", call_name=NAME, phone=PHONE, channels=["phone"],
                     answers={"situatie": {"topics": ["rent"], "own_words": OWN_WORDS, "group": None},
                              "toestemming": {"consent": True, "share": "all"}})


def test_a_caseworker_of_partner_b_gets_nothing_of_partner_as_case_or_another_municipalitys(app, staff, make_case,
                                                                                             db_session):
    kwadraad_case = _case(make_case, "lansingerland")
    kwadraad = handed_over(db_session, staff["regisseur"], kwadraad_case, "Kwadraad", why=WHY)
    groningen_case = _case(make_case, "groningen")
    groningen = handed_over(db_session, staff["groningen"], groningen_case, "WIJ Groningen", why=WHY)
    appointments = [Afspraak(aanmelding_id=case.id, starts_at=utcnow() + timedelta(days=3), by_phone=True)
                    for case in (kwadraad_case, groningen_case)]
    db_session.add_all(appointments)
    db_session.commit()
    objects = [{"case_id": kwadraad_case.id, "handover_id": kwadraad.id, "appointment_id": appointments[0].id},
               {"case_id": groningen_case.id, "handover_id": groningen.id, "appointment_id": appointments[1].id}]
    client = app.test_client()
    log_in(client, "partner_b")  # PLANgroep, Lansingerland
    request = ClientRequest(client)
    walked, leaks = [], []
    for rule, method in _staff_rules(app):
        if not rule.arguments & WALKED or rule.arguments - WALKED:
            continue
        for values in objects:
            data = {"why": "x", "partner_id": "1", "text": "x", "kind": "call", "reached": "yes", "target": "closed",
                    "reason": "helped", "share_consent": "all", "return_reason": "x", "confirm": "1",
                    "day": "31-12-2099", "time": "10:00", "where": "phone"}
            response = request.open(method, rule.endpoint, _data=data if method == "POST" else None,
                                    **{name: values[name] for name in rule.arguments})
            body = response.get_data(as_text=True)
            walked.append(rule.endpoint)
            if response.status_code not in (403, 404) or any(s in body for s in (NAME, OWN_WORDS, WHY, "12345678")):
                leaks.append(f"{method} {rule.endpoint} {values}: {response.status_code}")
    assert leaks == []
    assert {"staff.show_case", "staff.accept_handover", "staff.return_handover", "staff.log_contact_attempt",
            "staff.add_case_note", "staff.hand_over_case", "staff.send_tried_to_call", "staff.plan_appointment",
            "staff.cancel_appointment"} <= set(walked)
    db_session.expire_all()
    assert {h.state for h in db_session.scalars(select(Overdracht))} == {"handed_over"}
    assert {c.status for c in db_session.scalars(select(Aanmelding))} == {"handed_over"}
    assert db_session.scalars(select(CaseEvent.kind)).all() == ["handover", "handover"], "nothing was added"
    assert {a.cancelled_at for a in db_session.scalars(select(Afspraak))} == {None}
