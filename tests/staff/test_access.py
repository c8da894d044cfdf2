"""Who may open what: one row per route and method of the whole URL map, one column per kind of visitor.

After alphagov/notifications-admin's tests/app/main/test_permissions.py: a new route without a row fails
`test_every_route_has_a_row`, and each role's walk requests every staff route with a valid CSRF token and a real object
of Lansingerland, so a 404 or 403 proves scoping rather than a bad URL or a refused token. One login per role: each walk
reports all its mismatches together.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import Afspraak, SavedFilter
from portal.services import advice, saved_filters
from tests.aftercare_fixtures import make_traject
from tests.client_request import ClientRequest
from tests.early_warning_fixtures import make_household
from tests.letter_fixtures import queue_letter
from tests.staff_fixtures import ACCOUNTS, PASSWORD, handed_over, log_in, partner_named

ROLES = ("anonymous", "half_signed_in", "caseworker", "partner_caseworker", "coordinator", "administrator",
         "other_municipality")
# Both caseworker columns are the same account of the partner organisation Kwadraad. The "caseworker" column opens a
# Lansingerland case nobody gave them and a handover to another partner (PLANgroep); the "partner_caseworker" column a
# case assigned to them and a handover to Kwadraad.
ACCOUNT_OF = {"half_signed_in": "regisseur", "caseworker": "partner", "partner_caseworker": "partner",
              "coordinator": "regisseur", "administrator": "beheerder", "other_municipality": "groningen"}

L = "login"  # asked to log in: a redirect to the login page that returns here (or to the form's page) afterwards
# A POST whose view keeps no typed text (portal/staff/access.py KeepTyped) has no page to come back to: S.
S = "start"  # sent back to the first login step, no way back here: nothing to do on this page (or logged out)

# (endpoint, method): the status per role, in the order of ROLES.
EXPECTED = {
    ("staff.show_queue", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.save_filter", "POST"): (S, S, 403, 403, 302, 302, 302),
    ("staff.delete_filter", "POST"): (S, S, 403, 403, 302, 302, 302),
    ("staff.export_queue", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.show_monitoring", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.export_monitoring_csv", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.show_council_report", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.export_council_report_csv", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.export_council_report_pdf", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.show_audit_log", "GET"): (L, L, 403, 403, 403, 200, 403),
    ("staff.show_case", "GET"): (L, L, 403, 200, 200, 200, 404),
    ("staff.claim_case", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.log_contact_attempt", "POST"): (L, L, 403, 302, 302, 302, 404),
    ("staff.change_case_status", "POST"): (S, S, 403, 302, 302, 302, 404),
    ("staff.send_tried_to_call", "POST"): (S, S, 403, 302, 302, 302, 404),
    ("staff.plan_appointment", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.cancel_appointment", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.add_case_note", "POST"): (L, L, 403, 302, 302, 302, 404),
    ("staff.erase_case", "POST"): (S, S, 403, 403, 403, 302, 403),
    ("staff.show_advice_inbox", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.answer_advice_question", "GET"): (L, L, 403, 403, 200, 200, 404),
    ("staff.answer_advice_question", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.show_assist", "GET"): (L, L, 200, 200, 200, 200, 200),
    ("staff.start_assisted_signup", "POST"): (S, S, 302, 302, 302, 302, 302),
    ("staff.make_assist_code", "POST"): (S, S, 200, 200, 200, 200, 200),
    ("staff.show_start", "GET"): (L, L, 200, 200, 403, 403, 403),
    ("staff.show_handovers", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.hand_over_case", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.record_share_consent", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.record_survey_ok", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.accept_handover", "POST"): (S, S, 404, 302, 403, 403, 403),
    ("staff.return_handover", "POST"): (S, S, 404, 302, 403, 403, 403),
    ("staff.show_letters", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.download_letters", "GET"): (L, L, 403, 403, 302, 302, 302),  # without ?tot: back to the list
    ("staff.mark_letters_posted", "POST"): (S, S, 403, 403, 302, 302, 302),
    ("staff.show_import_signals", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.import_signals", "POST"): (L, L, 403, 403, 400, 400, 400),  # no file sent: the form says so
    ("staff.download_case_letter", "GET"): (L, L, 403, 403, 200, 200, 404),
    ("staff.show_outreach", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.invite_households", "POST"): (L, L, 403, 403, 302, 302, 302),
    ("staff.show_early_warning_queue", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.show_early_warning_case", "GET"): (L, L, 403, 403, 200, 200, 404),
    ("staff.claim_early_warning_case", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.log_early_warning_attempt", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.close_early_warning_case", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.show_aftercare_queue", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.show_aftercare", "GET"): (L, L, 403, 403, 200, 200, 404),
    ("staff.claim_aftercare", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.log_aftercare_contact", "POST"): (L, L, 403, 403, 302, 302, 404),
    ("staff.mark_aftercare_signal_seen", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.end_aftercare", "POST"): (S, S, 403, 403, 302, 302, 404),
    ("staff.show_home_visits", "GET"): (L, L, 403, 403, 200, 200, 200),
    ("staff.log_in", "GET"): (200, 200, 200, 200, 200, 200, 200),
    ("staff.log_in", "POST"): (200, 200, 200, 200, 200, 200, 200),
    ("staff.enter_code", "GET"): (S, 200, S, S, S, S, S),
    ("staff.enter_code", "POST"): (S, 200, S, S, S, S, S),
    ("staff.set_up_two_factor", "GET"): (S, 302, S, S, S, S, S),
    ("staff.set_up_two_factor", "POST"): (S, 302, S, S, S, S, S),
    ("staff.log_out", "POST"): (S, S, S, S, S, S, S),
}
# Valid answers, so a refusal comes from the access check and not from a form error that redirects anyway.
FORM_DATA = {
    "staff.save_filter": {"name": "Alles"},
    "staff.log_contact_attempt": {"kind": "call", "reached": "no"},
    "staff.change_case_status": {"target": "contacted"},
    "staff.plan_appointment": {"day": (date.today() + timedelta(days=7)).isoformat(), "time": "10:00",
                               "where": "phone"},
    "staff.add_case_note": {"text": "Gebeld, morgen opnieuw."},
    "staff.erase_case": {"confirm": "1"},  # really erases: walked last but one
    "staff.answer_advice_question": {"text": "Bel ons gerust, het gesprek is gratis."},
    "staff.hand_over_case": {"why": "Hulp bij de administratie."},  # the partner is added per walk
    "staff.record_share_consent": {"share_consent": "all"},
    "staff.record_survey_ok": {"survey_ok": "yes"},
    "staff.return_handover": {"return_reason": "Past niet bij ons aanbod."},
    "staff.mark_letters_posted": {"up_to": "1"},
    "staff.log_early_warning_attempt": {"soort": "Telefoon", "bereikt": "no", "datum": date.today().isoformat()},
    "staff.close_early_warning_case": {"result": "Definitief geen contact kunnen krijgen"},
    "staff.log_aftercare_contact": {"kind": "call", "reached": "no"},
}
LAST = ("staff.erase_case", "staff.log_out")  # they end what the other rows need


def _rules(app, prefix: str):
    return [(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith(prefix)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def _outcome(response) -> int | str:
    if response.status_code == 302 and response.headers["Location"].startswith("/werkplek/inloggen?next="):
        return L
    if response.status_code == 302 and response.headers["Location"].split("?")[0] == "/werkplek/inloggen":
        return S
    return response.status_code


def test_every_route_has_a_row(app):
    staff_routes = {(rule.endpoint, method) for rule, method in _rules(app, "staff.")}
    other = {rule.endpoint for rule in app.url_map.iter_rules() if not rule.endpoint.startswith("staff.")}
    assert staff_routes - set(EXPECTED) == set(), "a staff route without a row in EXPECTED"
    assert set(EXPECTED) - staff_routes == set(), "a row for a route that no longer exists"
    # dev: development only, absent in production (tests/test_app_factory.py); notify_callbacks: a machine's call
    # with a bearer token (tests/messaging/test_delivery_receipts.py).
    assert {endpoint.split(".")[0] for endpoint in other} == {"resident", "health", "static", "dev",
                                                              "notify_callbacks"}, \
        "a new blueprint: give it rows (staff) or add it to the public check"


def test_every_staff_view_carries_an_access_decorator(app):
    missing = [rule.endpoint for rule, _ in _rules(app, "staff.")
               if not getattr(app.view_functions[rule.endpoint], "staff_roles", None)
               and not getattr(app.view_functions[rule.endpoint], "staff_public", False)]
    assert missing == []


def _signed_in(app, role: str):
    client = app.test_client()
    if role == "half_signed_in":
        ClientRequest(client).post("staff.log_in", _data={"email": ACCOUNTS["regisseur"][0], "password": PASSWORD},
                                   _expected_redirect="/werkplek/inloggen/code")
    elif role != "anonymous":
        response = log_in(client, ACCOUNT_OF[role])
        assert response.status_code == 302, f"{role} could not log in"
    return client


@pytest.fixture
def lansingerland_objects(db_session, staff, make_case, municipalities):
    """One real object per URL parameter, all of Lansingerland."""
    def make(role: str) -> dict:
        case = make_case(assigned_to_id=staff["partner"].id if role == "partner_caseworker" else None)
        advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik iets vragen?",
                   topic=None, group=None, callback_phone=None)
        question_id = max(db_session.scalars(select(advice.AdviceQuestion.id)))
        owner = staff[ACCOUNT_OF[role]] if role in ("coordinator", "administrator", "other_municipality") \
            else staff["regisseur"]
        saved = saved_filters.save(db_session, owner, "Jongeren", {"group": "youth"})
        partner = "Kwadraad" if role == "partner_caseworker" else "PLANgroep"
        handover = handed_over(db_session, staff["regisseur"], make_case(status="contacted"), partner)
        afspraak = Afspraak(aanmelding_id=case.id, starts_at=utcnow() + timedelta(days=3), by_phone=True)
        db_session.add(afspraak)
        db_session.commit()
        letter_id = queue_letter(db_session, case).id
        return {"case_id": case.id, "letter_id": letter_id, "question_id": question_id, "filter_id": saved.id,
                "handover_id": handover.id, "partner_id": partner_named(db_session, "Kwadraad").id,
                "appointment_id": afspraak.id, "zaak_id": make_household(db_session).id,
                "traject_id": make_traject(db_session, make_case(), signal_at=utcnow()).id}
    return make


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says_on_every_staff_route(app, db_session, lansingerland_objects, role):
    objects = lansingerland_objects(role)
    client = _signed_in(app, role)
    request = ClientRequest(client)
    routes = sorted(_rules(app, "staff."), key=lambda r: (r[0].endpoint in LAST, LAST.index(r[0].endpoint)
                                                           if r[0].endpoint in LAST else 0, r[0].endpoint, r[1]))
    mismatches = []
    for rule, method in routes:
        row = EXPECTED.get((rule.endpoint, method))
        values = {name: objects[name] for name in rule.arguments}
        data = FORM_DATA.get(rule.endpoint, {}) if method == "POST" else None
        if rule.endpoint == "staff.hand_over_case":
            data = {**data, "partner_id": objects["partner_id"]}
        got = _outcome(request.open(method, rule.endpoint, _data=data, **values))
        expected = row[ROLES.index(role)] if row else "a row in EXPECTED"
        if got != expected:
            mismatches.append(f"{method} {rule.endpoint}: expected {expected}, got {got}")
    assert mismatches == [], f"{role}:\n  " + "\n  ".join(mismatches)
    if role in ACCOUNT_OF and role != "half_signed_in":
        # The logout row had a valid token: it really logged out, so the next staff page asks for a login again.
        assert _outcome(request.open("GET", "staff.show_assist")) == L


# The export with names and contact details (?persoonsgegevens=1): the coordinator whose queue it is, nobody else.
PERSONAL_EXPORT = (L, L, 403, 403, 200, 403, 200)


@pytest.mark.parametrize("role", ROLES)
def test_names_and_contact_details_leave_in_an_export_only_with_a_coordinator(app, make_case, staff, role):
    make_case(call_name="Fatima", assigned_to_id=staff["partner"].id if role == "partner_caseworker" else None)
    response = ClientRequest(_signed_in(app, role)).open("GET", "staff.export_queue", persoonsgegevens="1")
    assert _outcome(response) == PERSONAL_EXPORT[ROLES.index(role)]
    assert ("Fatima" in response.get_data(as_text=True)) == (role == "coordinator"), \
        "the other municipality's coordinator gets only their own cases"


def test_resident_and_technical_pages_are_public(app, municipalities):
    """One row for everything outside /werkplek: an anonymous visitor reaches it, nobody is sent to a staff login."""
    request = ClientRequest(app.test_client())
    values = {"slug": "situatie", "token": "onbekend", "code": "groningen-energie", "question_id": "income",
              "filename": "css/portal.css"}
    refused = []
    for rule, method in _rules(app, "resident.") + _rules(app, "health.") + _rules(app, "static"):
        response = request.open(method, rule.endpoint, **{name: values[name] for name in rule.arguments})
        unknown_link = response.status_code == 404 and "token" in rule.arguments  # "onbekend" is no resume link
        if response.status_code >= 400 and not unknown_link or _outcome(response) in (L, S):
            refused.append(f"{method} {rule.endpoint}: {response.status_code} {response.headers.get('Location')}")
    assert refused == []


def test_a_filter_is_deleted_only_by_its_owner(app, db_session, staff):
    """delete_filter answers 302 to everyone: what proves the scoping is which filter is still there."""
    theirs = saved_filters.save(db_session, staff["collega"], "Jongeren", {"group": "youth"}).id
    mine = saved_filters.save(db_session, staff["regisseur"], "Crisis", {"status": "new"}).id
    client = app.test_client()
    log_in(client, "regisseur")
    ClientRequest(client).post("staff.delete_filter", filter_id=theirs)
    ClientRequest(client).post("staff.delete_filter", filter_id=mine)
    db_session.expire_all()
    assert db_session.scalars(select(SavedFilter.id)).all() == [theirs]


def test_a_caseworker_sees_only_cases_assigned_to_them(client, staff, make_case):
    mine = make_case(assigned_to_id=staff["partner"].id)
    other = make_case()
    log_in(client, "partner")
    request = ClientRequest(client)
    request.get("staff.show_case", case_id=mine.id)
    request.get("staff.show_case", case_id=other.id, _expected_status=403)
