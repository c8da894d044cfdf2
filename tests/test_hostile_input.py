"""Hostile input to every route in the URL map, one test per route and method.

Each route is first brought to a state where its forms can be reached (a draft at the right step, an existing
question, a signed-in staff member with a case in their municipality); every POST carries a valid CSRF token and rate
limits are reset before each request. Then hostile path values, query strings and form values, mixed with the valid
choices the page itself offers, must never give a 500, never come back unescaped, never put CR/LF in a header or a
foreign address in a redirect, and a refused post stores nothing. Each route prints a coverage line; a POST route that
never gets past its first guard fails. A route that REACH does not know fails too, so new routes get covered.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal import create_app
from portal.db import Base, utcnow
from portal.extensions import limiter
from portal.models import Aanmelding, AdviceQuestion, OutboxMessage, SavedFilter, StaffMember
from portal.questionnaire_extension import get_questionnaire
from portal.rules import totp
from portal.rules.deadlines import local_date
from portal.services import cases
from portal.services.letters import link_token
from portal.services.municipalities import load_municipalities
from portal.services.referrals import make_token
from portal.services.staff import create_or_update_staff
from portal.services.staff_auth import issue_enrolment_code
from tests.aftercare_fixtures import add_months, give_link, make_aftercare, make_traject
from tests.conftest import DEMO_MUNICIPALITIES, empty_database, make_test_app, page, raw_dump
from tests.early_warning_fixtures import make_household
from tests.letter_fixtures import queue_letter
from tests.questionnaire.conftest import CALM
from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps, start_signup, submit
from tests.resident.test_selftest_views import finish, walk
from tests.staff_fixtures import ACCOUNTS, PARTNER_OF, PASSWORD, build_case, handed_over, log_in

# --- what to send ------------------------------------------------------------------------------------------------

NASTY = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "'; DROP TABLE aanmelding; --",
         "\u202eevil\u202c", "\x00", "ab\x00cd", "\x00\x01\x1b[31m", "\r\nSet-Cookie: x=1", "😀" * 50,
         "%(name)s {{ 7*7 }}", "../../etc/passwd", "-1", "0", "9" * 40, "1" + "0" * 21, "true", "null", "[]", "{}",
         "//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "nl", "yes", "none",
         "2651 AB", "06 12345678", ""]
HOSTILE = st.one_of(st.text(max_size=200), st.sampled_from(NASTY), st.sampled_from(NASTY),
                    st.integers(-(2**70), 2**70).map(str), st.text(min_size=3000, max_size=5000).map(lambda t: t * 2))
QUERY_KEYS = ["pagina", "next", "verlopen", "gewist", "gekoppeld", "terug", "opnieuw", "status", "group", "source",
              "assigned", "reference", "search", "_method", "_external", "_anchor", "_scheme", "code",
              "jaar", "kwartaal"]
QUERIES = st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), HOSTILE.filter(lambda key: len(key) < 50)),
                          HOSTILE.filter(lambda value: len(value) < 500), max_size=4)
SCRIPT = re.compile(r"<script>alert\(1\)</script>|<img src=x onerror")
OMIT = object()
# Where submitted content lands. A refused post must leave these exactly as they were. Login counters on staff_member
# and the audit log may change on a refusal: recording an attempt is their job.
CONTENT_TABLES = {"aanmelding", "aanmelding_draft", "outbox_message", "referral_link", "advice_question",
                  "advice_message", "case_event", "saved_filter", "assist_code", "selftest_draft", "selftest_count",
                  "municipality", "postcode_range", "partner", "vroegsignaalzaak", "vroegsignaal", "contactpoging",
                  "nazorgtraject", "nazorgmoment"}
EXCLUDED = {("staff.log_out", "POST"): "ends the staff session (and 'everywhere' every session); "
                                       "tests/staff/test_auth_views.py covers it",
            ("notify_callbacks.receive_receipt", "POST"): "JSON with a bearer token, no form: "
                                                          "tests/messaging/test_delivery_receipts.py sends it bad ones"}


def _route_map():
    """From a throwaway app at collection time: the test list follows the URL map, nothing is hard-coded."""
    app = create_app({"TESTING": True, "PORTAL_ENV": "testing", "SECRET_KEY": "collect", "DATABASE_URL": "sqlite://"})
    routes = {(rule.endpoint, method): rule.rule for rule in app.url_map.iter_rules()
              for method in rule.methods & {"GET", "POST"}}
    return sorted(routes.items())


ROUTES = _route_map()


# --- the world every route test shares: one app, accounts and clients for the whole module ---------------------------

@dataclass
class World:
    app: object
    clients: dict = field(default_factory=dict)

    def session(self):
        return self.app.extensions["db_sessionmaker"]()

    def staff_client(self, who: str, *, fresh: bool = False):
        if fresh or who not in self.clients:
            self.clients[who] = self.app.test_client()
            response = log_in(self.clients[who], who)
            assert response.status_code == 302, f"{who} could not log in"
        return self.clients[who]

    def dump(self) -> str:
        skip = tuple(t.name for t in Base.metadata.sorted_tables if t.name not in CONTENT_TABLES)
        with self.session() as session:
            return raw_dump(session, skip=skip)


NEW_ACCOUNT = "fuzz-nieuw@lansingerland.test"


@pytest.fixture(scope="module")
def world(migrated_database, tmp_path_factory):
    app = make_test_app(migrated_database, tmp_path_factory.mktemp("fuzz"))
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 is a response here, and the assertion names it
    with app.extensions["db_sessionmaker"]() as session:
        load_municipalities(session, DEMO_MUNICIPALITIES)
        for who in ("regisseur", "beheerder", "collega", "partner"):  # the accounts tests/staff_fixtures.py describes
            email, role, slug = ACCOUNTS[who]
            member = create_or_update_staff(session, email=email, name=who.title(), role=role,
                                            municipality_slug=slug, password=PASSWORD,
                                            partner_name=PARTNER_OF.get(who))
            member.totp_secret, member.totp_confirmed = totp.new_secret(), True
        session.commit()
    yield World(app)
    empty_database(app)


@pytest.fixture
def validations(monkeypatch):
    """Counts every form validation: proof that a request got past the view's first guard to the form."""
    counter = {"n": 0}
    original = FlaskForm.validate

    def counting(self, *args, **kwargs):
        counter["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FlaskForm, "validate", counting)
    return counter


# --- how each route is reached ----------------------------------------------------------------------------------

@dataclass
class State:
    client: object
    values: dict  # valid path values
    form_page: str | None = None  # where the POST's form is shown, when not on its own URL
    who: str | None = None  # the staff account the client is signed in as


def _resident(world, *_):
    return State(world.app.test_client(), {})


def _with_draft(stop_before=None, *, complete=False, done=False):
    def prepare(world, route):
        client = world.app.test_client()
        if complete or done:
            fill_steps(client)
            if done:
                submit(client)
        elif stop_before:
            fill_steps(client, stop_before=stop_before)
        else:
            start_signup(client)
        return State(client, {"slug": [s for s in DEFAULT_STEPS if s != "geldcheck"]},
                     form_page="/aanmelden" if route.endswith("/start") else None)
    return prepare


def _resume_link(world, route):
    client = world.app.test_client()
    fill_steps(client, stop_before="kinderen")
    link = page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]
    token = link.rsplit("/", 1)[1]
    return State(world.app.test_client(), {"token": [token]}, form_page=f"/aanmelden/verder/{token}")


def _selftest(finished=False, started_only=False):
    def prepare(world, route):
        client = world.app.test_client()
        if started_only:
            client.post("/geldcheck/start", data={"csrf_token": _token(client)})
        else:
            walk(client, {**CALM, "postcode": "2651"})
            if finished:
                finish(client)
        with world.app.app_context():
            ids = [q.id for q in get_questionnaire("selftest").questions]
        pages = {"/geldcheck/start": "/geldcheck", "/geldcheck/uitslag": "/geldcheck/overzicht",
                 "/geldcheck/wissen": "/geldcheck/uitslag"}
        return State(client, {"question_id": ids}, form_page=pages.get(route))
    return prepare


def _ask(client) -> tuple[str, str]:
    """A real question, asked at once. Hostile asks keep the minimum time: they are held back, not stored, which
    spares an argon2 hash per example."""
    client.application.config["ADVICE_MIN_SECONDS"] = 0
    soup = page(client.get("/vraag-stellen"))
    response = client.post("/vraag-stellen", data={
        "csrf_token": soup.select_one("input[name=csrf_token]")["value"], "municipality": "lansingerland",
        "started": soup.select_one("input[name=started]")["value"], "question": "Mag de deurwaarder mijn loon pakken?",
        "website": ""})
    client.application.config["ADVICE_MIN_SECONDS"] = 3
    assert response.status_code == 302, "asking a question is where the advice routes start"
    code, secret = [dd.get_text(strip=True) for dd in page(client.get(response.headers["Location"])).select(
        "dd.reference")]
    return code, secret


def _conversation(world, route):
    client = world.app.test_client()
    code, secret = _ask(client)
    client.post("/vraag-ophalen", data={"csrf_token": _token(client), "code": code, "secret": secret})
    assert client.get("/vraag-ophalen/gesprek").status_code == 200
    return State(client, {}, form_page=None if route.endswith("gesprek") else "/vraag-ophalen/gesprek")


def _staff(who="regisseur", form_page=None):
    def prepare(world, route):
        return State(world.staff_client(who), {}, form_page=form_page, who=who)
    return prepare


def _with_case(who="regisseur"):
    def prepare(world, route):
        resident = world.app.test_client()
        fill_steps(resident)  # a real sign-up in Lansingerland: the staff member's municipality
        submit(resident)
        with world.session() as session:
            from portal.models import Aanmelding

            case_id = session.scalars(select(Aanmelding.id).order_by(Aanmelding.id.desc())).first()
        return State(world.staff_client(who), {"case_id": [case_id]}, form_page=f"/werkplek/zaak/{case_id}",
                     who=who)
    return prepare


def _with_letter(world, route):
    """A case that chose a letter, with its confirmation waiting to be printed (tests/letter_fixtures.py)."""
    case_state = _with_case()(world, route)
    case_id = case_state.values["case_id"][0]
    with world.session() as session:
        letter_id = queue_letter(session, session.get(Aanmelding, case_id)).id
    return State(case_state.client, {"case_id": [case_id], "letter_id": [letter_id]}, form_page="/werkplek/brieven",
                 who=case_state.who)


def _a_letter_link(world, route):
    letter = _with_letter(world, route)
    with world.session() as session:
        reference = session.get(OutboxMessage, letter.values["letter_id"][0]).reference
    return State(world.app.test_client(), {"token": [link_token(world.app.config["SECRET_KEY"], reference)]})


def _a_survey_link(world, route):
    """An open survey invitation, as closing a case with the resident's yes leaves it (services/survey.py)."""
    from portal.models import Klantervaringsuitnodiging, Municipality
    from portal.rules.token_hash import token_hash

    token = "survey-token-for-hostile-input"
    with world.session() as session:
        municipality = session.scalars(select(Municipality).where(Municipality.slug == "lansingerland")).one()
        if session.scalars(select(Klantervaringsuitnodiging)
                           .where(Klantervaringsuitnodiging.token_hash == token_hash(token))).first() is None:
            session.add(Klantervaringsuitnodiging(token_hash=token_hash(token), municipality_id=municipality.id,
                                                  month="2026-12", channel="self", route="municipality",
                                                  language="nl", expires_at=utcnow() + timedelta(days=30)))
            session.commit()
    return State(world.app.test_client(), {"token": [token]})


def _a_checkin_link(world, route):
    """A closed case in after-care whose first moment's check-in link went out today (tests/aftercare_fixtures.py)."""
    with world.session() as session:
        traject = make_aftercare(session, build_case(session), started_on=add_months(local_date(utcnow()), -1))
        token = give_link(session, traject.moments[0])
    return State(world.app.test_client(), {"token": [token]})


def _with_handover(world, route):
    """A case handed over to Kwadraad, reached by Kwadraad's caseworker (the "partner" account)."""
    case_state = _with_case()(world, route)
    case_id = case_state.values["case_id"][0]
    with world.session() as session:
        coordinator = session.scalars(select(StaffMember).where(StaffMember.email == ACCOUNTS["regisseur"][0])).one()
        cases.log_contact(session, coordinator, case_id, kind="call", reached=True, note=None)
        handover_id = handed_over(session, coordinator, session.get(Aanmelding, case_id), "Kwadraad").id
    return State(world.staff_client("partner"), {"handover_id": [handover_id]}, form_page="/werkplek/start",
                 who="partner")


def _with_appointment(world, route):
    """A case with an appointment to come, on the coordinator's case page."""
    from portal.db import utcnow
    from portal.models import Afspraak

    state = _with_case()(world, route)
    case_id = state.values["case_id"][0]
    with world.session() as session:
        afspraak = Afspraak(aanmelding_id=case_id, starts_at=utcnow() + timedelta(days=3), by_phone=True)
        session.add(afspraak)
        session.commit()
        appointment_id = afspraak.id
    return State(state.client, {"case_id": [case_id], "appointment_id": [appointment_id]},
                 form_page=state.form_page, who=state.who)


def _with_zaak(world, route):
    """An open early-warning household of Lansingerland, on the coordinator's household page."""
    with world.session() as session:
        zaak_id = make_household(session).id
    return State(world.staff_client("regisseur"), {"zaak_id": [zaak_id]},
                 form_page=f"/werkplek/vroegsignalen/{zaak_id}", who="regisseur")


def _with_traject(world, route):
    """A Lansingerland case in after-care, on the coordinator's after-care page."""
    case_id = _with_case()(world, route).values["case_id"][0]
    with world.session() as session:
        from portal.models import Aanmelding

        traject_id = make_traject(session, session.get(Aanmelding, case_id), signal_at=utcnow()).id
    return State(world.staff_client("regisseur"), {"traject_id": [traject_id]},
                 form_page=f"/werkplek/nazorg/{traject_id}", who="regisseur")


def _with_question(world, route):
    _ask(world.app.test_client())
    with world.session() as session:
        ids = list(session.scalars(select(AdviceQuestion.id).order_by(AdviceQuestion.id.desc()).limit(3)))
    return State(world.staff_client("regisseur"), {"question_id": ids}, who="regisseur")


def _with_filter(world, route):
    client = world.staff_client("regisseur")
    client.post("/werkplek/filters?status=all", data={"csrf_token": _token(client), "name": "Alles"})
    with world.session() as session:
        ids = list(session.scalars(select(SavedFilter.id)))
    return State(client, {"filter_id": ids}, form_page="/werkplek/", who="regisseur")


def _password_done(email_key):
    def prepare(world, route):
        client = world.app.test_client()
        email = ACCOUNTS[email_key][0] if email_key in ACCOUNTS else email_key
        token = page(client.get("/werkplek/inloggen")).select_one("input[name=csrf_token]")["value"]
        client.post("/werkplek/inloggen", data={"csrf_token": token, "email": email, "password": PASSWORD})
        return State(client, {})
    return prepare


def _new_account(world, route):
    with world.session() as session:
        if session.scalars(select(StaffMember).where(StaffMember.email == NEW_ACCOUNT)).first() is None:
            member = create_or_update_staff(session, email=NEW_ACCOUNT, name="Nieuw", role="ketenregisseur",
                                            municipality_slug="lansingerland", password=PASSWORD)
            issue_enrolment_code(session, member)
    return _password_done(NEW_ACCOUNT)(world, route)


def _a_referral_code(world, route):
    return State(world.app.test_client(), {"code": ["groningen-energie", "nl", "en"]})


def _a_referral_token(world, route):
    token = make_token(world.app.config["SECRET_KEY"], code="groningen-energie", reason="energy_arrears")
    return State(world.app.test_client(), {"token": [token]})


def _static(world, route):
    return State(world.app.test_client(), {"filename": ["css/portal.css"]})


def _not_to_login(response, _validations) -> bool:
    """For the few POST routes without a form of their own: past the guards means not sent back to the login."""
    return response.status_code < 400 and not response.headers.get("Location", "").startswith("/werkplek/inloggen")


# endpoint -> (how to reach it, how to tell that a request got past the first guard; None: a form validation ran)
REACH = {
    "health.healthz": (_resident, None), "health.security_txt": (_resident, None), "static": (_static, None),
    "health.robots_txt": (_resident, None), "health.favicon": (_resident, None), "dev.show_outbox": (_resident, None),
    "notify_callbacks.receive_receipt": (_resident, None),
    "resident.show_clear_history": (_resident, None),
    "resident.show_start": (_resident, None), "resident.show_accessibility": (_resident, None),
    "resident.choose_language": (_a_referral_code, None), "resident.follow_referral": (_a_referral_code, None),
    "resident.follow_referral_token": (_a_referral_token, None),
    "resident.follow_letter_link": (_a_letter_link, None), "resident.show_letter_welcome": (_resident, None),
    "resident.answer_survey": (_a_survey_link, None), "resident.show_survey_thanks": (_resident, None),
    "resident.show_checkin": (_a_checkin_link, None), "resident.answer_checkin": (_a_checkin_link, None),
    "resident.show_checkin_thanks": (_resident, None),
    "resident.find_municipality": (_resident, None), "resident.enter_assist_code": (_resident, None),
    "resident.show_signup_intro": (_resident, None), "resident.start_signup": (_with_draft(), None),
    "resident.fill_signup_step": (_with_draft(complete=True), None),  # every step open: any slug can be posted
    "resident.show_resume_link": (_with_draft(stop_before="kinderen"), None),
    "resident.check_signup": (_with_draft(complete=True), None),
    "resident.show_signup_confirmation": (_with_draft(done=True), None),
    "resident.add_to_signup": (_with_draft(done=True), None),
    "resident.stop_signup": (_with_draft(stop_before="kinderen"), None),
    "resident.show_signup_wiped": (_resident, None),
    "resident.resume_signup": (_resume_link, None), "resident.continue_signup": (_resume_link, None),
    "resident.show_selftest_intro": (_resident, None), "resident.start_selftest": (_selftest(started_only=True), None),
    "resident.answer_question": (_selftest(), None), "resident.show_summary": (_selftest(), None),
    "resident.finish_selftest": (_selftest(), None), "resident.show_result": (_selftest(finished=True), None),
    "resident.download_result": (_selftest(finished=True), None),
    "resident.clear_selftest": (_selftest(finished=True), None),
    "resident.ask_question": (_resident, None), "resident.show_question_asked": (_resident, None),
    "resident.pick_up_answer": (_resident, None), "resident.show_conversation": (_conversation, None),
    "resident.advice_to_signup": (_conversation, None), "resident.close_conversation": (_conversation, None),
    "staff.log_in": (_resident, None), "staff.enter_code": (_password_done("collega"), None),
    "staff.set_up_two_factor": (_new_account, None),
    "staff.show_queue": (_staff(), None), "staff.save_filter": (_staff(form_page="/werkplek/"), None),
    "staff.delete_filter": (_with_filter, _not_to_login), "staff.export_queue": (_staff(), None),
    "staff.show_monitoring": (_staff(), None), "staff.export_monitoring_csv": (_staff(), None),
    "staff.show_council_report": (_staff(), None), "staff.export_council_report_csv": (_staff(), None),
    "staff.export_council_report_pdf": (_staff(), None),
    "staff.show_audit_log": (_staff("beheerder"), None),
    "staff.show_assist": (_staff(), None),
    "staff.make_assist_code": (_staff(form_page="/werkplek/samen-invullen"), _not_to_login),
    "staff.start_assisted_signup": (_staff(form_page="/werkplek/samen-invullen"), _not_to_login),
    "staff.show_advice_inbox": (_staff(), None), "staff.answer_advice_question": (_with_question, None),
    "staff.show_case": (_with_case(), None), "staff.claim_case": (_with_case(), None),
    "staff.log_contact_attempt": (_with_case(), None), "staff.change_case_status": (_with_case(), None),
    "staff.send_tried_to_call": (_with_case(), None), "staff.plan_appointment": (_with_case(), None),
    "staff.cancel_appointment": (_with_appointment, None),
    "staff.add_case_note": (_with_case(), None), "staff.erase_case": (_with_case("beheerder"), _not_to_login),
    "staff.log_out": (None, None),
    "staff.show_start": (_staff("partner"), None), "staff.show_handovers": (_staff(), None),
    "staff.hand_over_case": (_with_case(), None), "staff.record_share_consent": (_with_case(), None),
    "staff.record_survey_ok": (_with_case(), None),
    "staff.accept_handover": (_with_handover, _not_to_login), "staff.return_handover": (_with_handover, None),
    "staff.show_letters": (_staff(), None), "staff.download_letters": (_with_letter, None),
    "staff.mark_letters_posted": (_with_letter, None), "staff.download_case_letter": (_with_letter, None),
    "staff.show_outreach": (_staff(), None), "staff.invite_households": (_staff(), None),
    "staff.show_early_warning_queue": (_staff(), None), "staff.show_home_visits": (_staff(), None),
    "staff.show_early_warning_case": (_with_zaak, None),
    "staff.claim_early_warning_case": (_with_zaak, _not_to_login),
    "staff.log_early_warning_attempt": (_with_zaak, None), "staff.close_early_warning_case": (_with_zaak, None),
    "staff.show_import_signals": (_staff(), None), "staff.import_signals": (_staff(), None),
    "staff.show_aftercare_queue": (_staff(), None), "staff.show_aftercare": (_with_traject, None),
    "staff.claim_aftercare": (_with_traject, _not_to_login), "staff.log_aftercare_contact": (_with_traject, None),
    "staff.mark_aftercare_signal_seen": (_with_traject, _not_to_login),
    "staff.end_aftercare": (_with_traject, _not_to_login),
}


# --- the form a page offers: its fields and the values it offers for each ------------------------------------------

def _token(client) -> str:
    return page(client.get("/aanmelden")).select_one("input[name=csrf_token]")["value"]


def _form_fields(client, form_page: str, action: str) -> dict[str, tuple[list[str], bool]]:
    """name -> (the values the page offers, whether it takes several). Buttons with a name count as fields."""
    soup = page(client.get(form_page))
    forms = [f for f in soup.select("form[method=post]")
             if urlsplit(f.get("action") or form_page).path == urlsplit(action).path]
    fields: dict[str, tuple[list[str], bool]] = {}
    for form in forms:
        for element in form.select("input[name], select[name], textarea[name], button[name]"):
            name = element["name"]
            if name == "csrf_token":
                continue
            offered, multi = fields.get(name, ([], False))
            if element.name == "select":
                offered += [o.get("value", o.get_text()) for o in element.select("option")]
                multi = multi or element.has_attr("multiple")
            elif element.name == "textarea":
                offered.append(element.get_text())
            else:
                offered.append(element.get("value", "on" if element.get("type") == "checkbox" else ""))
                multi = multi or element.get("type") == "checkbox"
            fields[name] = (offered, multi)
    return fields


def mostly(usual, rare, rare_in: int = 3):
    """`usual`, but one time in `rare_in` `rare`. (st.one_of would weigh each branch of a nested one_of alike.)"""
    return st.tuples(st.integers(0, rare_in - 1), usual, rare).map(lambda pick: pick[2] if pick[0] == 0 else pick[1])


def _field_values(offered: list[str], multi: bool):
    one = mostly(st.sampled_from(offered or [""]), HOSTILE)
    several = st.lists(one, min_size=2, max_size=4) if multi else st.lists(HOSTILE, max_size=3)
    return mostly(one, st.sampled_from([OMIT, several]).flatmap(
        lambda choice: st.just(OMIT) if choice is OMIT else several), rare_in=4)


def _path_value(converter: str, valid: list):
    """Mostly one of the valid values (as an index: the state behind it is rebuilt between examples), else hostile."""
    known = st.integers(0, max(len(valid), 1) - 1).map(lambda index: ("valid", index))
    if "Int" in converter:
        return mostly(known, st.one_of(st.integers(0, 2**80), st.sampled_from([2**31 - 1, 2**31, 2**63])))
    return mostly(known, HOSTILE.filter(lambda value: 0 < len(value) < 300))


def _resolve(values: dict, name: str, value):
    if isinstance(value, tuple):
        offered = values.get(name) or [1 if name.endswith("_id") else "x"]
        return offered[value[1] % len(offered)]
    return value


# --- the checks -----------------------------------------------------------------------------------------------

def _check(response, method: str, path: str) -> None:
    assert response.status_code < 500, f"{method} {path!r} gave {response.status_code}"
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, f"CR/LF in the {name} header"
    location = response.headers.get("Location")
    if location is not None:
        local = urlsplit(location)
        same_site = (not local.scheme and not local.netloc and location.startswith("/")
                     or local.scheme == "http" and local.netloc == "localhost")  # werkzeug's own 308 for '//' paths
        assert same_site and "\\" not in location, (
            f"a redirect off the site: {location!r}")
    if response.mimetype == "text/html" or response.mimetype.startswith("text/"):
        assert not SCRIPT.search(response.get_data(as_text=True)), "hostile markup came back unescaped"


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and page(response).select_one(".error-summary, p.error") is not None


def _request(world, current: State, method: str, path: str, form: dict, validations):
    """One request, checked. Returns the response, how many form validations it ran, and whether it was refused."""
    limiter.reset()
    if method == "GET":
        before = validations["n"]
        response = current.client.get(path)
        _check(response, method, path)
        return response, validations["n"] - before, False
    data = {k: v for k, v in form.items() if v is not OMIT and k != "_extra"}
    data.update(form.get("_extra", {}))
    data["csrf_token"] = _token(current.client)
    stored = world.dump()
    before = validations["n"]
    response = current.client.post(path, data=data)
    ran = validations["n"] - before
    _check(response, method, path)
    refused = _refused(response)
    if refused:
        assert world.dump() == stored, f"a refused post to {path!r} stored something"
    return response, ran, refused


# --- the tests ------------------------------------------------------------------------------------------------

def test_every_route_is_known_to_the_reachability_table():
    endpoints = {endpoint for (endpoint, _method), _rule in ROUTES}
    assert endpoints - set(REACH) == set(), "new routes: add them to REACH so the hostile-input test covers them"
    assert set(REACH) - endpoints == set(), "routes that no longer exist: remove them from REACH"


@pytest.mark.parametrize("endpoint,method,rule", [(e, m, r) for (e, m), r in ROUTES],
                         ids=[f"{m} {r}" for (e, m), r in ROUTES])
def test_route_survives_hostile_input(world, validations, capsys, endpoint, method, rule):
    if (endpoint, method) in EXCLUDED:
        pytest.skip(EXCLUDED[endpoint, method])
    if endpoint not in REACH:
        pytest.fail(f"{endpoint} is new: teach REACH how to reach it")
    prepare, past_guard = REACH[endpoint]
    app = world.app
    url_rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    converters = {name: type(converter).__name__ for name, converter in url_rule._converters.items()}
    state = {"current": prepare(world, rule), "stale": False}
    first = state["current"]
    valid_path = url_rule.build({k: v[0] for k, v in first.values.items() if k in url_rule.arguments})[1]
    fields = _form_fields(first.client, first.form_page or valid_path, valid_path) if method == "POST" else {}
    tally = {"examples": 0, "reached": 0, "ok": 0, "refused": 0}

    strategies = {name: _path_value(converters[name], first.values.get(name, [])) for name in url_rule.arguments}
    form_strategy = st.fixed_dictionaries({name: _field_values(*spec) for name, spec in fields.items()},
                                          optional={"_extra": st.dictionaries(HOSTILE, HOSTILE, max_size=2)})

    queries = mostly(st.just({}), QUERIES, rare_in=2 if method == "GET" else 4)

    @settings(max_examples=15 if method == "POST" else 8, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(path_values=st.fixed_dictionaries(strategies), query=queries, form=form_strategy)
    def send(path_values, query, form):
        if state["stale"]:
            state["current"], state["stale"] = prepare(world, rule), False
        current = state["current"]
        raw_values, path_values = path_values, {k: _resolve(current.values, k, v) for k, v in path_values.items()}
        path = url_rule.build(path_values, append_unknown=False)[1]
        if query:
            path += "?" + urlencode(query)
        response, ran, refused = _request(world, current, method, path, form, validations)
        reached = past_guard(response, ran) if past_guard else ran > 0
        tally["examples"] += 1
        tally["reached"] += reached
        tally["ok"] += response.status_code < 400
        tally["refused"] += refused
        if current.who and response.headers.get("Location", "").startswith("/werkplek/inloggen"):
            world.clients.pop(current.who, None)  # the session ended: the next example signs in again
        # A POST with valid path values that did not get past the guard means the state moved (a submitted sign-up,
        # an erased case): rebuild it before the next example. A GET changes nothing worth rebuilding.
        clean = not query and all(isinstance(v, tuple) for v in raw_values.values())
        state["stale"] = method == "POST" and clean and (not reached or response.status_code >= 400)

    send()
    line = (f"\n  {method:4} {rule:45} {tally['examples']:3} examples, {tally['reached']:3} reached validation, "
            f"{tally['ok']:3} below 400, {tally['refused']:3} refused (nothing stored)")
    with capsys.disabled():  # the coverage line shows without -s
        sys.stdout.write(line)
    if method == "POST":
        assert tally["reached"], f"no POST to {rule} ever got past its first guard"
    else:
        assert tally["ok"], f"no GET of {rule} was ever answered below 400: the state is not reached"


def test_request_bodies_over_the_limit_are_refused_early(world):
    response = world.app.test_client().post("/vraag-stellen", data={"question": "x" * 200_000})
    assert response.status_code == 413
