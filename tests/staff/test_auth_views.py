from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.models import AuditEntry, StaffMember, StaffSession
from tests.conftest import page
from tests.staff_fixtures import ACCOUNTS, age_sessions, current_code, log_in


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
    token = page(laptop.get("/werkplek/")).select_one("form.logout input[name=csrf_token]")["value"]
    laptop.post("/werkplek/uitloggen", data={"csrf_token": token, "everywhere": "1"})
    assert phone.get("/werkplek/").status_code == 302
    assert laptop.get("/werkplek/").status_code == 302


def _log_in_with_next(client, next_url):
    token = page(client.get("/werkplek/inloggen")).select_one("input[name=csrf_token]")["value"]
    client.post(f"/werkplek/inloggen?next={next_url}", data={
        "csrf_token": token, "email": ACCOUNTS["regisseur"][0], "password": "correct horse battery"})
    token = page(client.get("/werkplek/inloggen/code")).select_one("input[name=csrf_token]")["value"]
    return client.post("/werkplek/inloggen/code", data={"csrf_token": token,
                                                        "code": current_code(client, "regisseur")})


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
