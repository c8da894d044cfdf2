"""The second sign-in step: no page opens on a password alone; a code works once; the app is set up at first login."""

import json
import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import StaffMember
from portal.rules import totp
from portal.services.staff import create_or_update_staff
from portal.services.staff_auth import check_code, issue_enrolment_code
from tests.client_request import ClientRequest
from tests.conftest import page, raw_dump
from tests.staff_fixtures import ACCOUNTS, PASSWORD, age_sessions, current_code, log_in, log_out


def _member(db_session, who):
    db_session.expire_all()
    return db_session.scalars(select(StaffMember).where(StaffMember.email == ACCOUNTS[who][0])).one()


def _password_only(client, who="regisseur"):
    return ClientRequest(client).open("POST", "staff.log_in", _data={"email": ACCOUNTS[who][0], "password": PASSWORD})


def _post_code(client, code):
    return ClientRequest(client).open("POST", "staff.enter_code", _data={"code": code})


def test_the_right_password_alone_opens_no_staff_page(client, staff):
    assert _password_only(client).headers["Location"] == "/werkplek/inloggen/code"
    assert client.get("/werkplek/").headers["Location"].startswith("/werkplek/inloggen")
    assert client.get(f"/werkplek/zaak/{staff['regisseur'].id}").status_code == 302
    asked = page(client.get("/werkplek/inloggen/code"))
    field = asked.select_one("input[name=code]")
    assert field["autocomplete"] == "one-time-code" and field["inputmode"] == "numeric"
    assert asked.select_one(f"label[for={field['id']}]") is not None


def test_the_current_code_opens_the_queue(client, staff):
    response = log_in(client, "regisseur")
    assert response.headers["Location"] == "/werkplek/"
    assert client.get("/werkplek/").status_code == 200


def test_a_wrong_code_gets_a_kind_message_and_counts_as_a_failed_login(client, staff, db_session):
    _password_only(client)
    answer = page(_post_code(client, "000000" if current_code(client, "regisseur") != "000000" else "111111"))
    assert "Deze code klopt niet" in answer.select_one("[role=alert]").get_text()
    assert answer.select_one("input[name=code]") is not None
    for _ in range(3):  # the first three failures are free, the fourth earns a wait
        _post_code(client, "123")
    assert "Wacht even" in page(_post_code(client, current_code(client, "regisseur"))).get_text()
    assert client.get("/werkplek/").status_code == 302


def test_an_empty_code_is_asked_for_next_to_the_field(client, staff):
    _password_only(client)
    answer = page(_post_code(client, ""))
    error = answer.select_one("#code-error")
    assert "Vul de code van 6 cijfers" in error.get_text()
    assert "code-error" in answer.select_one("input[name=code]")["aria-describedby"]


def test_a_code_is_accepted_once_only(app, client, staff):
    code = current_code(client, "regisseur")
    log_in(client, "regisseur", code=code)
    watcher = app.test_client()
    _password_only(watcher)
    refused = page(_post_code(watcher, code))
    assert "al gebruikt" in refused.select_one("[role=alert]").get_text()
    assert watcher.get("/werkplek/").status_code == 302


def test_two_requests_with_one_code_only_one_wins(staff, db_session):
    member = staff["regisseur"]
    code = totp.code_at(member.totp_secret, totp.time_step(utcnow()))
    first, second = check_code(db_session, member, code), check_code(db_session, member, code)
    assert first.member is not None and (second.member, second.problem) == (None, "reused")


def test_the_code_step_waits_five_minutes_then_asks_for_the_password_again(client, staff, db_session):
    _password_only(client)
    age_sessions(db_session, created=timedelta(minutes=6))
    response = client.get("/werkplek/inloggen/code")
    assert response.headers["Location"] == "/werkplek/inloggen?opnieuw=1"
    assert "langer dan 5 minuten" in page(client.get(response.headers["Location"])).get_text()


NEW = "nieuw@lansingerland.test"


def _password_for_new(client):
    return ClientRequest(client).open("POST", "staff.log_in", _data={"email": NEW, "password": PASSWORD})


def _shown_key(client):
    return re.sub(r"\s", "", page(client.get("/werkplek/inloggen/app-instellen")).select_one(".secret").get_text())


@pytest.fixture
def new_account(municipalities, db_session):
    """A new account and the enrolment code its administrator handed over."""
    member = create_or_update_staff(db_session, email=NEW, name="Nieuw", role="ketenregisseur",
                                    municipality_slug="lansingerland", password=PASSWORD)
    return issue_enrolment_code(db_session, member)


def _set_up(client, code, enrolment_code):
    return ClientRequest(client).open("POST", "staff.set_up_two_factor",
                                      _data={"enrolment_code": enrolment_code, "code": code})


def test_a_new_account_sets_up_its_app_at_the_first_login(client, new_account, db_session):
    assert _password_for_new(client).headers["Location"] == "/werkplek/inloggen/app-instellen"
    assert client.get("/werkplek/inloggen/code").headers["Location"] == "/werkplek/inloggen/app-instellen"
    set_up = page(client.get("/werkplek/inloggen/app-instellen"))
    assert set_up.select_one("svg.qr[role=img]")["aria-label"]
    secret = re.sub(r"\s", "", set_up.select_one(".secret").get_text())
    assert client.get("/werkplek/").status_code == 302, "no session before the app is proven to work"
    # Reloading the page shows the same key: a scan made a moment ago still works.
    assert re.sub(r"\s", "", page(client.get("/werkplek/inloggen/app-instellen")).select_one(".secret").get_text()) \
        == secret

    wrong = page(_set_up(client, "12345x", new_account))
    assert wrong.select_one("svg.qr") is not None and "klopt niet" in wrong.get_text()
    done = _set_up(client, totp.code_at(secret, totp.time_step(utcnow())), new_account.lower().replace("-", " "))
    assert done.headers["Location"] == "/werkplek/"
    member = db_session.scalars(select(StaffMember).where(StaffMember.email == NEW)).one()
    db_session.refresh(member)
    assert member.totp_confirmed and member.totp_secret == secret
    assert member.enrolment_code_hash is None, "the enrolment code is used up"
    log_out(client)
    assert _password_for_new(client).headers["Location"] == "/werkplek/inloggen/code"
    assert client.get("/werkplek/inloggen/app-instellen").headers["Location"] == "/werkplek/inloggen/code", \
        "once set up, the key is never shown again"


def test_someone_else_with_the_password_never_sees_the_key_the_user_scans(app, client, new_account, db_session):
    _password_for_new(client)
    users_key = _shown_key(client)
    intruder = app.test_client()
    _password_for_new(intruder)
    intruders_key = _shown_key(intruder)
    assert intruders_key != users_key, "every login gets its own key"
    # The user's set-up has ended: they are asked to log in again and get a fresh key; their old key confirms nothing.
    response = client.get("/werkplek/inloggen/app-instellen")
    assert response.headers["Location"] == "/werkplek/inloggen?opnieuw=instellen"
    assert "nieuwe QR-code" in page(client.get(response.headers["Location"])).get_text()
    db_session.expire_all()
    assert not db_session.scalars(select(StaffMember).where(StaffMember.email == NEW)).one().totp_confirmed


def test_a_stale_set_up_cannot_be_confirmed(app, client, new_account, db_session):
    _password_for_new(client)
    users_key = _shown_key(client)
    _password_for_new(app.test_client())  # a second login starts a new set-up
    response = ClientRequest(client).open("POST", "staff.set_up_two_factor", _data={
        "enrolment_code": new_account, "code": totp.code_at(users_key, totp.time_step(utcnow()))})
    assert response.headers["Location"].startswith("/werkplek/inloggen")
    assert client.get("/werkplek/").status_code == 302
    db_session.expire_all()
    assert not db_session.scalars(select(StaffMember).where(StaffMember.email == NEW)).one().totp_confirmed


def test_the_password_and_the_app_alone_cannot_enrol(client, new_account, db_session):
    """Without the administrator's enrolment code, knowing the password is not enough to set up an app."""
    _password_for_new(client)
    key = _shown_key(client)
    answer = page(_set_up(client, totp.code_at(key, totp.time_step(utcnow())), "KP7X-3XAF-9HTW"))
    error = answer.select_one("#enrolment_code-error")
    assert "inschrijfcode klopt niet of is verlopen" in error.get_text()
    assert "enrolment_code-error" in answer.select_one("input[name=enrolment_code]")["aria-describedby"]
    assert client.get("/werkplek/").status_code == 302
    db_session.expire_all()
    member = db_session.scalars(select(StaffMember).where(StaffMember.email == NEW)).one()
    assert not member.totp_confirmed and member.failed_logins == 1


def test_an_enrolment_code_expires_after_a_week(client, new_account, db_session):
    member = db_session.scalars(select(StaffMember).where(StaffMember.email == NEW)).one()
    member.enrolment_expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    _password_for_new(client)
    key = _shown_key(client)
    answer = page(_set_up(client, totp.code_at(key, totp.time_step(utcnow())), new_account))
    assert "verlopen" in answer.select_one("#enrolment_code-error").get_text()


def test_looking_at_the_set_up_page_changes_nothing(client, new_account, db_session):
    _password_for_new(client)
    before = raw_dump(db_session, skip=("audit_entry",))
    for _ in range(3):
        client.get("/werkplek/inloggen/app-instellen")
    db_session.expire_all()
    assert raw_dump(db_session, skip=("audit_entry",)) == before


def test_wrong_codes_sent_at_the_same_moment_all_count(app, staff):
    """Two requests that both loaded the account before either wrote: neither failure may be lost."""
    sessions = [app.extensions["db_sessionmaker"]() for _ in range(2)]
    members = [s.get(StaffMember, staff["regisseur"].id) for s in sessions]
    for session, member in zip(sessions, members, strict=True):
        check_code(session, member, "000000" if totp.code_at(member.totp_secret, totp.time_step(utcnow())) != "000000"
                   else "111111")
    with app.extensions["db_sessionmaker"]() as fresh:
        assert fresh.get(StaffMember, staff["regisseur"].id).failed_logins == 2
    for session in sessions:
        session.close()


def test_an_administrator_resets_a_lost_phone_and_open_sessions_end(app, client, staff, db_session):
    log_in(client, "regisseur")
    result = app.test_cli_runner().invoke(args=["reset-two-factor", "--email", ACCOUNTS["regisseur"][0]])
    assert result.exit_code == 0, result.output
    enrolment_code = re.search(r"\(7 days, once\): (\S+)", result.output).group(1)
    assert client.get("/werkplek/").status_code == 302
    member = _member(db_session, "regisseur")
    assert (member.totp_secret, member.totp_confirmed) == (None, False)
    assert enrolment_code not in str(member.enrolment_code_hash)
    assert _password_only(client).headers["Location"] == "/werkplek/inloggen/app-instellen"
    key = _shown_key(client)
    assert _set_up(client, totp.code_at(key, totp.time_step(utcnow())), enrolment_code).headers["Location"] \
        == "/werkplek/"


def test_creating_an_account_prints_its_enrolment_code(app, municipalities):
    result = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", "nieuw@lochem.test", "--name", "Nieuw", "--role", "ketenregisseur",
        "--municipality", "lochem"], input="een lang en vreemd wachtwoord\neen lang en vreemd wachtwoord\n")
    assert result.exit_code == 0, result.output
    assert re.search(r"\(7 days, once\): [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", result.output)
    assert "never in the same message as the password" in result.output


def test_sessions_are_new_after_each_step(client, staff):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    _password_only(client)
    with client.session_transaction() as session:
        assert "planted" not in session
    _post_code(client, current_code(client, "regisseur"))
    with client.session_transaction() as session:
        assert not any(key.startswith("pending") for key in session)


def test_failed_codes_are_security_logged_without_the_code(client, staff, caplog):
    caplog.set_level(logging.WARNING)
    _password_only(client)
    _post_code(client, "987654")
    lines = [json.loads(r.getMessage().split("security ", 1)[1]) for r in caplog.records
             if r.getMessage().startswith("security ")]
    assert [(line["action"], line["result"]) for line in lines][-1:] in ([("login_code", "wrong")],
                                                                          [("login_code", "reused")])
    assert "987654" not in caplog.text


@pytest.mark.parametrize("digits", [totp.DIGITS, 8])
def test_the_code_page_asks_for_as_many_digits_as_the_check_wants(client, staff, monkeypatch, digits):
    monkeypatch.setattr(totp, "DIGITS", digits)
    _password_only(client)
    assert f"Typ de code van {digits} cijfers" in page(client.get("/werkplek/inloggen/code")).get_text()
