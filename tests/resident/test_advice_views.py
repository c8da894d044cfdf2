from datetime import timedelta

from sqlalchemy import func, inspect, select

from portal.models import AdviceMessage, AdviceQuestion
from portal.services import advice
from tests.conftest import page
from tests.staff_fixtures import csrf, log_in


def _ask(client, monkeypatch, text="Mag de deurwaarder mijn loon pakken?", **extra):
    soup = page(client.get("/vraag-stellen"))
    data = {"csrf_token": soup.select_one("input[name=csrf_token]")["value"],
            "started": soup.select_one("input[name=started]")["value"], "municipality": "lansingerland",
            "question": text, "website": "", **extra}
    client.application.config["ADVICE_MIN_SECONDS"] = 0  # the minimum time has its own test below
    return client.post("/vraag-stellen", data=data)


def _pick_up_details(client, response):
    soup = page(client.get(response.headers["Location"]))
    code, secret = [dd.get_text(strip=True) for dd in soup.select("dd.reference")]
    return code, secret


def _open(client, code, secret):
    return client.post("/vraag-ophalen", data={"csrf_token": csrf(client, "/vraag-ophalen"), "code": code,
                                               "secret": secret})


def _count(db_session, model):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def test_asking_gives_a_code_and_secret_words_once(client, municipalities, monkeypatch, db_session):
    response = _ask(client, monkeypatch)
    assert response.headers["Location"] == "/vraag-stellen/verstuurd"
    code, secret = _pick_up_details(client, response)
    assert len(code) == 7 and len(secret.split()) == 3
    assert client.get("/vraag-stellen/verstuurd").headers["Location"] == "/vraag-ophalen", "shown only once"
    assert _count(db_session, AdviceQuestion) == 1


def test_the_stored_question_holds_nothing_that_identifies(app, client, municipalities, monkeypatch, db_session):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    columns = {c["name"] for c in inspect(app.extensions["db_engine"]).get_columns("advice_question")}
    assert columns == {"id", "code_hash", "secret_hash", "municipality_id", "topic", "group", "callback_phone",
                       "status", "asked_on", "delete_on"}
    row = db_session.scalars(select(AdviceQuestion)).one()
    assert code not in row.code_hash and secret not in row.secret_hash and row.secret_hash.startswith("$argon2")


def test_a_wrong_code_or_secret_reads_nothing(client, municipalities, monkeypatch):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    wrong_secret = _open(client, code, "zon maan ster")
    assert "horen niet bij elkaar" in page(wrong_secret).get_text()
    wrong_code = _open(client, "KKK-KKK", secret)
    assert "horen niet bij elkaar" in page(wrong_code).get_text()
    assert client.get("/vraag-ophalen/gesprek").headers["Location"] == "/vraag-ophalen"


def test_brute_force_is_slowed_then_blocked(client, municipalities, monkeypatch):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    statuses = [_open(client, code, f"fout {n} woord").status_code for n in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert "Even rustig aan" in page(_open(client, code, secret)).get_text(), "even the right words wait"


def test_ask_answer_read_reply_and_sign_up(app, client, staff, monkeypatch, db_session):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    waiting = page(client.get(_open(client, code, secret).headers["Location"]))
    assert "nog niet geantwoord" in waiting.get_text()

    coordinator = app.test_client()
    log_in(coordinator, "regisseur")
    inbox = page(coordinator.get("/werkplek/vragen"))
    link = inbox.select_one("tbody a")["href"]
    coordinator.post(link, data={"csrf_token": csrf(coordinator, link), "text": "Niet alles: u houdt altijd een deel."})

    thread = page(client.get("/vraag-ophalen/gesprek"))
    assert "Niet alles: u houdt altijd een deel." in thread.select_one("ol.thread").get_text()
    client.post("/vraag-ophalen/gesprek", data={"csrf_token": csrf(client, "/vraag-ophalen/gesprek"),
                                                "text": "Hoeveel houd ik over?"})
    assert page(coordinator.get("/werkplek/vragen")).select_one("tbody a") is not None, "the reply reopens it"

    response = client.post("/vraag-ophalen/aanmelden", data={"csrf_token": csrf(client, "/vraag-ophalen/gesprek"),
                                                             "consent": "yes"})
    assert response.headers["Location"] == "/aanmelden/stap/situatie"
    own_words = page(client.get("/aanmelden/stap/situatie")).select_one("#own_words").get_text()
    assert own_words.strip() == "Mag de deurwaarder mijn loon pakken?"


def test_staff_views_of_questions_are_audit_logged(app, client, staff, monkeypatch, db_session):
    from portal.models import AuditEntry

    _ask(client, monkeypatch)
    log_in(client, "regisseur")
    client.get(page(client.get("/werkplek/vragen")).select_one("tbody a")["href"])
    assert "view_question" in db_session.scalars(select(AuditEntry.action)).all()


def test_another_municipality_cannot_read_the_question(app, client, staff, monkeypatch, db_session):
    _ask(client, monkeypatch)
    question_id = db_session.scalars(select(AdviceQuestion.id)).one()
    log_in(client, "groningen")
    assert client.get(f"/werkplek/vragen/{question_id}").status_code == 404


def test_partner_caseworkers_answer_only_where_the_municipality_allows(client, staff):
    log_in(client, "partner")  # Lansingerland does not allow it in the demo data
    assert client.get("/werkplek/vragen").status_code == 403


def test_expiry_deletes_the_question_its_answers_and_the_callback_number(client, municipalities, monkeypatch,
                                                                        db_session):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch, callback_phone="06 12345678"))
    question = db_session.scalars(select(AdviceQuestion)).one()
    assert question.callback_phone == "+31612345678"
    question.delete_on = question.asked_on - timedelta(days=1)
    db_session.commit()
    assert "horen niet bij elkaar" in page(_open(client, code, secret)).get_text()
    assert advice.purge_expired(db_session) == 1
    assert _count(db_session, AdviceQuestion) == 0 and _count(db_session, AdviceMessage) == 0


def test_the_pick_up_page_says_until_when_it_is_kept(client, municipalities, monkeypatch, db_session):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    soup = page(client.get(_open(client, code, secret).headers["Location"]))
    assert "We bewaren dit gesprek tot" in soup.get_text()


def test_the_honeypot_and_the_minimum_time_stop_simple_bots(client, municipalities, monkeypatch, db_session):
    _ask(client, monkeypatch, website="http://spam.example")
    client.application.config["ADVICE_MIN_SECONDS"] = 3
    soup = page(client.get("/vraag-stellen"))
    client.post("/vraag-stellen", data={"csrf_token": soup.select_one("input[name=csrf_token]")["value"],
                                        "started": soup.select_one("input[name=started]")["value"],
                                        "municipality": "lansingerland", "question": "Te snel", "website": ""})
    assert _count(db_session, AdviceQuestion) == 0


def test_asking_is_rate_limited(client, municipalities, monkeypatch, db_session):
    statuses = [_ask(client, monkeypatch, text=f"Vraag {n}").status_code for n in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
