"""Walk the URL map: no GET changes what is stored, and no POST is taken without its CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models import AdviceQuestion
from portal.services import advice
from tests.aftercare_fixtures import make_traject, months_ago
from tests.client_request import ClientRequest
from tests.conftest import page, raw_dump
from tests.early_warning_fixtures import make_household
from tests.letter_fixtures import queue_letter
from tests.resident.signup_helpers import fill_steps, post_step
from tests.staff_fixtures import log_in

# Looking at a case is written to the audit log on purpose, and a staff session's last-seen minute is kept on the
# server so the idle limit holds (finding 12.4): those are the writes a GET makes.
NOT_STATE = ("audit_entry", "staff_session")


def _rules(app, method):
    return [rule for rule in app.url_map.iter_rules() if method in rule.methods and rule.endpoint != "static"]


def _path(rule, ids):
    values = {"slug": "contact", "case_id": ids["case"], "letter_id": ids["letter"], "filter_id": 1,
              "question_id": ids["question"], "handover_id": 1, "appointment_id": 1, "token": ids["token"],
              "zaak_id": ids["zaak"], "traject_id": ids["traject"],
              "code": "lansingerland-bank",
              "filename": "css/portal.css"}
    return rule.build({name: values[name] for name in rule.arguments})[1]


@pytest.fixture
def busy_portal(app, client, staff, make_case, db_session, municipalities):
    """A portal in use: a case, a question, a resident half-way a sign-up and a money check, a coordinator logged in."""
    case = make_case(call_name="Inwoner", phone="+31612345678")
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag dat?", topic=None,
               group="none", callback_phone=None)
    question_id = db_session.scalars(select(AdviceQuestion.id)).one()
    resident = app.test_client()
    fill_steps(resident, stop_before="kinderen")
    post_step(resident, "kinderen", {"later": "1"})
    link = page(resident.get("/aanmelden/later")).select_one("#resume-link")["value"]
    ClientRequest(resident).post("resident.start_selftest")
    log_in(client, "regisseur")
    letter = queue_letter(db_session, case)  # a letter waiting: its PDF is a GET that must change nothing
    zaak = make_household(db_session)  # an early-warning household: looking at it changes nothing
    # After-care over by itself: listing or opening it does not end it (`flask aftercare-housekeeping` does).
    traject = make_traject(db_session, make_case(call_name="Nazorg"), started_on=months_ago(7))
    return {"case": case.id, "question": question_id, "token": link.rsplit("/", 1)[1], "letter": letter.id,
            "zaak": zaak.id, "traject": traject.id}, resident


def test_no_get_changes_what_is_stored(app, client, db_session, busy_portal):
    ids, resident = busy_portal
    before = raw_dump(db_session, skip=NOT_STATE)
    visited = []
    for rule in _rules(app, "GET"):
        for visitor in (client, resident):
            response = visitor.get(_path(rule, ids))
            assert response.status_code < 500, rule
        visited.append(rule.rule)
    db_session.expire_all()
    assert raw_dump(db_session, skip=NOT_STATE) == before, "a GET changed stored data"
    assert len(visited) > 30


# A machine's call with its own bearer token instead of a CSRF token (tests/messaging/test_delivery_receipts.py).
TOKEN_INSTEAD_OF_CSRF = {"notify_callbacks.receive_receipt"}


def test_every_post_needs_its_csrf_token(app, client, db_session, busy_portal):
    ids, resident = busy_portal
    before = raw_dump(db_session, skip=NOT_STATE)
    app.config["NOTIFY_CALLBACK_TOKEN"] = "a-token-the-visitors-do-not-have"
    for rule in _rules(app, "POST"):
        for visitor in (client, resident):
            response = visitor.post(_path(rule, ids), data={"confirm": "1", "choice": "continue"})
            expected = 401 if rule.endpoint in TOKEN_INSTEAD_OF_CSRF else 400
            assert response.status_code == expected, (rule, response.status_code)
    db_session.expire_all()
    assert raw_dump(db_session, skip=NOT_STATE) == before
