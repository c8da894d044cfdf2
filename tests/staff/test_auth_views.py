import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import AuditEntry, KeptForm, StaffMember, StaffSession
from portal.services import advice, staff_sessions
from tests.client_request import ClientRequest
from tests.conftest import page, raw_dump
from tests.staff_fixtures import ACCOUNTS, PASSWORD, age_sessions, current_code, log_in, log_out


def _member(db_session, who):
    db_session.expire_all()
    return db_session.scalars(select(StaffMember).where(StaffMember.email == ACCOUNTS[who][0])).one()


def test_login_opens_the_queue_and_is_audited(client, staff, db_session):
    response = log_in(client, "regisseur")
    assert response.headers["Location"] == "/werkplek/"
    assert client.get("/werkplek/").status_code == 200
    assert db_session.scalars(select(AuditEntry.action)).all() == ["log_in"]


def test_idle_for_thirty_minutes_ends_the_session(client, staff, db_session):
    """Finding 12.4: the idle limit is kept on the server's record, not in the cookie."""
    log_in(client, "regisseur")
    age_sessions(db_session, last_seen=timedelta(minutes=31))
    response = client.get("/werkplek/")
    assert response.headers["Location"].startswith("/werkplek/inloggen")
    assert "verlopen=1" in response.headers["Location"]
    assert "30 minuten niet actief" in page(client.get(response.headers["Location"])).get_text()
    assert db_session.scalars(select(StaffSession)).all() == [], "the ended session's row is gone"


def test_the_idle_message_names_the_limit_the_server_applies(client, staff, db_session, monkeypatch):
    monkeypatch.setattr(staff_sessions, "IDLE_LIMIT", timedelta(minutes=45))
    log_in(client, "regisseur")
    age_sessions(db_session, last_seen=timedelta(minutes=31))
    assert client.get("/werkplek/").status_code == 200, "31 minutes is within a 45-minute limit"
    age_sessions(db_session, last_seen=timedelta(minutes=46))
    response = client.get("/werkplek/")
    assert "45 minuten niet actief" in page(client.get(response.headers["Location"])).get_text()


def test_activity_keeps_the_session_alive(client, staff, db_session):
    log_in(client, "regisseur")
    age_sessions(db_session, last_seen=timedelta(minutes=29))
    assert client.get("/werkplek/").status_code == 200
    db_session.expire_all()
    assert utcnow() - db_session.scalars(select(StaffSession.last_seen_at)).one() < timedelta(minutes=2)


def test_log_out_everywhere_ends_other_sessions(app, client, staff):
    laptop, phone = client, app.test_client()
    log_in(laptop, "regisseur")
    log_in(phone, "regisseur")
    ClientRequest(laptop).post("staff.log_out", _data={"everywhere": "1"})
    assert phone.get("/werkplek/").status_code == 302
    assert laptop.get("/werkplek/").status_code == 302


def _log_in_with_next(client, next_url):
    request = ClientRequest(client)
    request.post("staff.log_in", next=next_url, _data={"email": ACCOUNTS["regisseur"][0], "password": PASSWORD})
    return request.open("POST", "staff.enter_code", _data={"code": current_code(client, "regisseur")})


def test_login_does_not_redirect_elsewhere(client, staff):
    assert _log_in_with_next(client, "https://evil.example/").headers["Location"] == "/werkplek/"


def test_login_returns_to_the_page_that_asked_for_it(client, staff):
    assert _log_in_with_next(client, "/werkplek/vragen").headers["Location"] == "/werkplek/vragen"


def test_disabling_an_account_ends_its_sessions_and_logins(client, staff, db_session):
    log_in(client, "regisseur")
    member = _member(db_session, "regisseur")
    member.active = False
    db_session.commit()
    assert client.get("/werkplek/").status_code == 302
    assert log_in(client, "regisseur").status_code == 200, "a disabled account cannot log in"


def test_a_session_never_lives_longer_than_a_working_day(client, staff, db_session):
    """Finding 12.4: the absolute limit is kept on the server's record, however active the session was."""
    log_in(client, "regisseur")
    age_sessions(db_session, created=timedelta(hours=10, minutes=1), last_seen=timedelta(minutes=1))
    assert client.get("/werkplek/").headers["Location"].startswith("/werkplek/inloggen")


def test_the_login_form_is_rate_limited(client, staff):
    statuses = [log_in(client, "regisseur", "wrong").status_code for _ in range(21)]
    assert statuses[-1] == 429 and 429 not in statuses[:20]


def test_new_sessions_start_clean_at_login(client, staff):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    log_in(client, "regisseur")
    with client.session_transaction() as session:
        assert "planted" not in session


def _login_answer(client, email, password):
    answer = ClientRequest(client).post("staff.log_in", _data={"email": email, "password": password},
                                        _expected_status=200)
    return answer.select_one("[role=alert]").get_text(" ", strip=True)


def test_every_failed_login_gets_the_same_words(client, staff, db_session):
    """Finding 12.3: unknown, known-but-wrong, throttled and locked accounts answered differently ("klopt niet",
    "wacht 10 seconden", "geblokkeerd"), which told which addresses exist. Now one answer, with no number in it
    that could drift from the code."""
    email = ACCOUNTS["regisseur"][0]
    answers = {"unknown": _login_answer(client, "niemand@lansingerland.test", "wrong guess"),
               "wrong": _login_answer(client, email, "wrong guess")}
    member = _member(db_session, "regisseur")
    member.failed_logins, member.next_attempt_at = 5, utcnow() + timedelta(seconds=30)
    db_session.commit()
    answers["throttled, right password"] = _login_answer(client, email, PASSWORD)
    member.next_attempt_at, member.locked_at = None, utcnow()
    db_session.commit()
    answers["locked, right password"] = _login_answer(client, email, PASSWORD)
    member.locked_at, member.active = None, False
    db_session.commit()
    answers["disabled, right password"] = _login_answer(client, email, PASSWORD)
    assert len(set(answers.values())) == 1, answers
    assert not re.search(r"\d", answers["wrong"])


def _cookie(client):
    return client.get_cookie(client.application.config["SESSION_COOKIE_NAME"]).value


def _replayed(app, cookie):
    """A browser that only has a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return thief


def test_a_cookie_copied_before_logging_out_opens_nothing_after(app, client, staff, db_session):
    """Finding 12.4: logging out only cleared the browser's cookie; a copy kept opening /werkplek/ for 10 hours."""
    log_in(client, "regisseur")
    copy = _cookie(client)
    assert _replayed(app, copy).get("/werkplek/").status_code == 200
    log_out(client)
    response = _replayed(app, copy).get("/werkplek/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/werkplek/inloggen")
    assert db_session.scalars(select(StaffSession)).all() == []


def _create_staff(app, who, municipality, password=PASSWORD):
    email, role, _ = ACCOUNTS[who]
    result = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", email, "--name", who.title(), "--role", role.value, "--municipality",
        municipality], input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output


def test_moving_an_account_to_another_municipality_ends_its_sessions(app, client, staff, make_case):
    """Finding 12.4: after create-staff gave the account another municipality, an old cookie kept working, and with
    the new municipality it would open that municipality's cases."""
    case = make_case("groningen")
    log_in(client, "regisseur")
    copy = _cookie(client)
    _create_staff(app, "regisseur", "groningen")
    response = _replayed(app, copy).get(f"/werkplek/zaak/{case.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/werkplek/inloggen")
    assert client.get("/werkplek/").status_code == 302


def test_a_new_password_ends_the_accounts_sessions(app, client, staff):
    """Finding 12.4: a password reset with create-staff left the sessions opened with the old password working."""
    log_in(client, "regisseur")
    copy = _cookie(client)
    _create_staff(app, "regisseur", "lansingerland", password="een heel ander wachtwoord")
    assert _replayed(app, copy).get("/werkplek/").status_code == 302
    assert log_in(app.test_client(), "regisseur", "een heel ander wachtwoord").headers["Location"] == "/werkplek/"


def test_disabling_an_account_ends_its_sessions(app, client, staff, db_session):
    """Finding 12.4: `flask disable-staff` deletes the account's sessions; a copied cookie opens nothing."""
    log_in(client, "regisseur")
    copy = _cookie(client)
    result = app.test_cli_runner().invoke(args=["disable-staff", "--email", ACCOUNTS["regisseur"][0]])
    assert result.exit_code == 0, result.output
    assert _replayed(app, copy).get("/werkplek/").status_code == 302
    assert db_session.scalars(select(StaffSession)).all() == []


def test_failed_logins_are_logged_by_account_id_never_by_address(client, staff, caplog):
    """Finding 12.2: with throttling instead of a lock, the log must show which account is being guessed at."""
    import json
    import logging

    caplog.set_level(logging.WARNING)
    _login_answer(client, "niemand@lansingerland.test", "wrong guess")
    _login_answer(client, ACCOUNTS["regisseur"][0], "wrong guess")
    lines = [json.loads(r.getMessage().split("security ", 1)[1]) for r in caplog.records
             if r.getMessage().startswith("security ")]
    assert [(line["result"], line["actor"]) for line in lines] == [("unknown", None), ("wrong", staff["regisseur"].id)]
    assert "lansingerland.test" not in caplog.text


def _note_posted_after_the_session_ran_out(client, db_session, case, text):
    """Types a note on the case page, lets 31 minutes pass, then presses "Notitie opslaan". Returns the response."""
    form = page(client.get(f"/werkplek/zaak/{case.id}")).select_one("#notities form")
    token = form.select_one("input[name=csrf_token]")["value"]
    age_sessions(db_session, last_seen=timedelta(minutes=31))
    return client.post(form["action"], data={"csrf_token": token, "text": text})


def _note_box(soup) -> str:
    return soup.select_one("#notities textarea").get_text().strip()


NOTE = "Belt vrijdag terug over de huurschuld bij de woningcorporatie."


def test_a_note_typed_when_the_session_ran_out_is_back_after_logging_in_again(client, staff, db_session, make_case):
    case = make_case()
    log_in(client, "regisseur")
    response = _note_posted_after_the_session_ran_out(client, db_session, case, NOTE)
    login = response.headers["Location"]
    assert login.startswith("/werkplek/inloggen?") and "verlopen=1" in login
    assert "huurschuld" not in raw_dump(db_session), "kept encrypted on the server, not in the cookie"
    assert "Wat u had getypt is bewaard" in page(client.get(login)).get_text()

    back = log_in(client, "regisseur", at=login)
    assert back.headers["Location"] == f"/werkplek/zaak/{case.id}#notities", "the page of the form, not its POST"
    shown = page(client.get(back.headers["Location"]))
    assert _note_box(shown) == NOTE
    assert "Wat u had getypt staat weer in het formulier" in shown.get_text()

    form = shown.select_one("#notities form")
    client.post(form["action"], data={"csrf_token": form.select_one("input[name=csrf_token]")["value"],
                                      "text": _note_box(shown)})
    again = page(client.get(f"/werkplek/zaak/{case.id}"))
    assert NOTE in again.select_one("ol.timeline").get_text()
    assert _note_box(again) == "", "given back once"
    assert db_session.scalars(select(KeptForm)).all() == []


def test_someone_else_logging_in_on_that_browser_never_sees_the_kept_text(client, staff, db_session, make_case):
    case = make_case()
    log_in(client, "regisseur")
    login = _note_posted_after_the_session_ran_out(client, db_session, case, NOTE).headers["Location"]
    back = log_in(client, "collega", at=login)
    assert _note_box(page(client.get(back.headers["Location"]))) == ""
    assert db_session.scalars(select(KeptForm)).all() == [], "and it is gone, not left for a later login"


def test_kept_text_is_not_given_back_after_its_few_minutes(client, staff, db_session, make_case):
    case = make_case()
    log_in(client, "regisseur")
    login = _note_posted_after_the_session_ran_out(client, db_session, case, NOTE).headers["Location"]
    kept = db_session.scalars(select(KeptForm)).one()
    kept.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    back = log_in(client, "regisseur", at=login)
    assert _note_box(page(client.get(back.headers["Location"]))) == ""


def test_a_post_without_any_login_keeps_nothing(client, staff, db_session, make_case):
    case = make_case()
    token = page(client.get("/werkplek/inloggen")).select_one("input[name=csrf_token]")["value"]
    response = client.post(f"/werkplek/zaak/{case.id}/notitie", data={"csrf_token": token, "text": NOTE})
    assert response.headers["Location"].startswith("/werkplek/inloggen")
    assert db_session.scalars(select(KeptForm)).all() == []


def test_a_post_without_a_session_never_sends_the_login_on_to_a_post_only_address(app, client, staff):
    token = page(client.get("/werkplek/inloggen")).select_one("input[name=csrf_token]")["value"]
    adapter = app.url_map.bind("localhost")
    checked = 0
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.endpoint.startswith("staff.") or "GET" in rule.methods or getattr(view, "staff_public", False):
            continue
        path = adapter.build(rule.endpoint, {name: 1 for name in rule.arguments})
        location = client.post(path, data={"csrf_token": token}).headers["Location"]
        next_url = parse_qs(urlsplit(location).query).get("next", [None])[0]
        if next_url is not None:
            adapter.match(urlsplit(next_url).path, method="GET")  # raises MethodNotAllowed for a POST-only address
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize(("next_url", "lands_on"), [
    ("/werkplek/vragen", "/werkplek/vragen"),
    ("/werkplek/zaak/1/notitie", "/werkplek/"),  # POST only: it would be a 405
    ("https://example.org/werkplek/", "/werkplek/"),
    ("//example.org/werkplek/", "/werkplek/"),
    ("/aanmelden", "/werkplek/"),  # not a staff page
])
def test_the_login_goes_on_only_to_a_staff_page_that_opens_with_get(client, staff, next_url, lands_on):
    response = log_in(client, "regisseur", at=f"/werkplek/inloggen?{urlencode({'next': next_url})}")
    assert response.headers["Location"] == lands_on


def test_an_answer_typed_when_the_session_ran_out_is_back_on_the_question(client, staff, municipalities, db_session):
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik de huur later betalen?",
               topic=None, group="none", callback_phone=None)
    log_in(client, "regisseur")
    link = page(client.get("/werkplek/vragen")).select_one("tbody a")["href"]
    token = page(client.get(link)).select_one("main form input[name=csrf_token]")["value"]
    age_sessions(db_session, last_seen=timedelta(minutes=31))
    answer = "Vraag de verhuurder om een betalingsregeling."
    login = client.post(link, data={"csrf_token": token, "text": answer}).headers["Location"]
    back = log_in(client, "regisseur", at=login)
    assert back.headers["Location"] == link
    assert page(client.get(link)).select_one("textarea[name=text]").get_text().strip() == answer
