from datetime import timedelta

from sqlalchemy import func, inspect, select

from portal import passwords
from portal.models import AdviceMessage, AdviceQuestion
from portal.services import advice
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.staff_fixtures import log_in


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
    return client.post("/vraag-ophalen", data={"csrf_token": ClientRequest(client).csrf_token(), "code": code,
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
                       "status", "asked_on", "delete_on", "failed_tries"}
    sessions = {c["name"] for c in inspect(app.extensions["db_engine"]).get_columns("advice_session")}
    assert sessions == {"id_hash", "question_id", "expires_on"}, "no address, no user agent, no time of day"
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
    coordinator.post(link, data={"csrf_token": ClientRequest(coordinator).csrf_token(),
                                 "text": "Niet alles: u houdt altijd een deel."})

    thread = page(client.get("/vraag-ophalen/gesprek"))
    assert "Niet alles: u houdt altijd een deel." in thread.select_one("ol.thread").get_text()
    client.post("/vraag-ophalen/gesprek", data={"csrf_token": ClientRequest(client).csrf_token(),
                                                "text": "Hoeveel houd ik over?"})
    assert page(coordinator.get("/werkplek/vragen")).select_one("tbody a") is not None, "the reply reopens it"

    response = client.post("/vraag-ophalen/aanmelden", data={"csrf_token": ClientRequest(client).csrf_token(),
                                                             "consent": "yes"})
    assert response.headers["Location"] == "/aanmelden/stap/postcode", "where someone lives comes first"
    client.post("/aanmelden/stap/postcode", data={"csrf_token": ClientRequest(client).csrf_token(), "postcode": "2651"})
    own_words = page(client.get("/aanmelden/stap/situatie")).select_one("#own_words").get_text()
    assert own_words.strip() == "Mag de deurwaarder mijn loon pakken?"



def test_a_question_turned_into_a_sign_up_leaves_the_staff_inbox(app, client, staff, monkeypatch, db_session):
    _ask(client.application.test_client(), monkeypatch, text="Wie helpt mij met de energierekening?")
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    coordinator = app.test_client()
    log_in(coordinator, "regisseur")

    def inbox_texts():
        return [a.get_text(strip=True) for a in page(coordinator.get("/werkplek/vragen")).select("tbody a")]

    assert inbox_texts() == ["Wie helpt mij met de energierekening?", "Mag de deurwaarder mijn loon pakken?"]
    client.post("/vraag-ophalen/aanmelden", data={"csrf_token": ClientRequest(client).csrf_token(),
                                                  "consent": "yes"})
    assert inbox_texts() == ["Wie helpt mij met de energierekening?"], "the other question still waits"

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


LOCK_AFTER = 10  # wrong tries with one question's code before it locks (finding 12.6)


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_closing_ends_the_conversation_on_the_server_so_a_copied_cookie_opens_nothing(app, client, municipalities,
                                                                                      monkeypatch, db_session):
    """Finding 12.4: "Sluiten" must end the session on the server, not only in this browser."""
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    copied = client.get_cookie("portal_session").value
    assert client.get("/vraag-ophalen/gesprek").status_code == 200
    client.post("/vraag-ophalen/sluiten", data={"csrf_token": ClientRequest(client).csrf_token()})
    replay = app.test_client()
    replay.set_cookie("portal_session", copied)
    assert replay.get("/vraag-ophalen/gesprek").headers["Location"] == "/vraag-ophalen"
    response = replay.post("/vraag-ophalen/gesprek", data={"csrf_token": ClientRequest(replay).csrf_token(),
                                                           "text": "Nog een vraag"})
    assert response.headers["Location"] == "/vraag-ophalen"
    assert _count(db_session, AdviceMessage) == 1


def test_the_server_side_session_keeps_only_a_hash_and_a_day_and_goes_with_the_question(app, client, municipalities,
                                                                                       monkeypatch, db_session):
    """Finding 12.4: a stolen table row cannot be turned into a session, and deleting the question ends it."""
    import hashlib

    from portal.models import AdviceSession
    from portal.resident.advice_views import PICKUP_KEY

    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    with client.session_transaction() as cookie:
        token = cookie[PICKUP_KEY]
    record = db_session.scalars(select(AdviceSession)).one()
    assert record.id_hash == hashlib.sha256(token.encode()).hexdigest() and token not in record.id_hash
    assert record.expires_on - db_session.scalars(select(AdviceQuestion.asked_on)).one() <= timedelta(days=1)
    question = db_session.scalars(select(AdviceQuestion)).one()
    question.delete_on = question.asked_on - timedelta(days=1)
    db_session.commit()
    advice.purge_expired(db_session)
    assert _count(db_session, AdviceSession) == 0
    assert client.get("/vraag-ophalen/gesprek").headers["Location"] == "/vraag-ophalen"


def test_wrong_words_from_many_addresses_lock_the_question(app, client, municipalities, monkeypatch, db_session):
    """Finding 12.6: the per-address limit alone lets many addresses guess the secret words; ten wrong tries with one
    code, from anywhere, lock the question. After that even the right words open nothing."""
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    texts = []
    for n in range(LOCK_AFTER):
        guesser = app.test_client()
        texts.append(page(guesser.post("/vraag-ophalen", data={"csrf_token": ClientRequest(guesser).csrf_token(),
                                                               "code": code, "secret": f"fout {n} woord"},
                                       **_from(f"10.0.0.{n}"))).get_text())
    assert all("horen niet bij elkaar" in text for text in texts[:-1])
    resident = app.test_client()
    soup = page(resident.post("/vraag-ophalen", data={"csrf_token": ClientRequest(resident).csrf_token(), "code": code,
                                                      "secret": secret}, **_from("10.0.1.1")))
    locked = soup.select_one("#locked").get_text(" ", strip=True)
    assert "op slot" in locked and "Lansingerland" in locked and municipalities["lansingerland"].phone in locked
    assert resident.get("/vraag-ophalen/gesprek").headers["Location"] == "/vraag-ophalen"
    assert db_session.scalars(select(AdviceQuestion.failed_tries)).one() == LOCK_AFTER


def test_a_wrong_code_looks_the_same_as_wrong_words_and_never_locks(app, client, municipalities, monkeypatch):
    """Finding 12.6: the lock must not tell a guesser which codes exist before ten tries on that very code."""
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))

    def answer(code_typed, words, address):
        guesser = app.test_client()
        soup = page(guesser.post("/vraag-ophalen", data={"csrf_token": ClientRequest(guesser).csrf_token(),
                                                         "code": code_typed, "secret": words}, **_from(address)))
        return soup.select_one("[role=alert]").get_text(" ", strip=True), soup.select_one("#locked")

    unknown = [answer("KKK-KKK", f"fout {n} woord", f"10.1.0.{n}") for n in range(LOCK_AFTER + 2)]
    wrong_words = answer(code, "zon maan ster", "10.2.0.1")
    assert {text for text, _ in unknown} == {wrong_words[0]} and all(lock is None for _, lock in unknown)
    assert "horen niet bij elkaar" in wrong_words[0]
    assert _open(client, code, secret).headers["Location"] == "/vraag-ophalen/gesprek", "nine tries left"


def test_parallel_wrong_tries_never_get_more_than_ten_guesses(app, client, municipalities, monkeypatch, db_session):
    """Finding 12.6: each try takes one of the ten with a conditional UPDATE before the words are checked, so a burst
    of simultaneous guesses cannot all be checked against the old count."""
    from concurrent.futures import ThreadPoolExecutor

    code, _secret = _pick_up_details(client, _ask(client, monkeypatch))
    checked, real = [], passwords.hasher()

    class CountingHasher:
        def verify(self, stored, words):
            checked.append(stored)
            return real.verify(stored, words)

    monkeypatch.setattr(passwords, "hasher", CountingHasher)
    make_session = app.extensions["db_sessionmaker"]

    def guess(n):
        with make_session() as session:
            try:
                return advice.pick_up(session, code, f"fout {n} woord")
            except Exception:  # QuestionLocked
                return "locked"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(guess, range(30)))
    real_checks = [stored for stored in checked if stored != passwords.dummy_hash()]
    assert len(real_checks) <= LOCK_AFTER and results.count(None) <= LOCK_AFTER
    assert results.count("locked") >= 30 - LOCK_AFTER
    db_session.expire_all()
    assert db_session.scalars(select(AdviceQuestion.failed_tries)).one() == LOCK_AFTER


def test_turning_a_question_into_a_sign_up_shares_the_sign_up_limit(client, municipalities, monkeypatch):
    """Finding 12.8: 35 drafts came from one address after /aanmelden/start already answered 429."""
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    token = ClientRequest(client).csrf_token()
    statuses = [client.post("/aanmelden/start", data={"csrf_token": token, "confirm": "1"}).status_code
                for _ in range(20)]
    statuses += [client.post("/vraag-ophalen/aanmelden", data={"csrf_token": token, "consent": "yes"}).status_code
                 for _ in range(11)]
    assert 429 not in statuses[:30] and statuses[30] == 429


def test_the_inbox_is_audit_logged_with_the_questions_it_shows(app, client, staff, monkeypatch, db_session):
    """Finding 12.10: the inbox shows every open question's text, so listing them is a view to log."""
    from portal.models import AuditEntry

    _ask(client, monkeypatch, text="Eerste vraag")
    _ask(client, monkeypatch, text="Tweede vraag")
    ids = db_session.scalars(select(AdviceQuestion.id).order_by(AdviceQuestion.id)).all()
    log_in(client, "regisseur")
    db_session.execute(AuditEntry.__table__.delete())
    db_session.commit()
    assert "Eerste vraag" in page(client.get("/werkplek/vragen")).get_text()
    entry = db_session.scalars(select(AuditEntry)).one()
    assert entry.action == "view_question_list" and entry.staff_id == staff["regisseur"].id
    assert entry.detail == f"2 questions: {ids[0]},{ids[1]}"


def _state(client) -> str:
    return page(client.get("/vraag-ophalen/gesprek")).select_one("#stand").get_text(" ", strip=True)


def _day(day, pattern="EEEE d MMMM", locale="nl"):
    from babel.dates import format_date

    return format_date(day, pattern, locale=locale)


def test_the_conversation_says_where_it_stands_after_each_turn(app, client, staff, monkeypatch, db_session):
    """Issue 14.6: after the resident's reply the page said "Wij hebben nog niet geantwoord" under our answer."""
    from portal.db import utcnow
    from portal.rules.advice_thread import answer_due
    from portal.rules.deadlines import local_date

    today = local_date(utcnow())
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    assert _state(client) == (f"Wij hebben nog niet geantwoord. U krijgt uiterlijk {_day(answer_due(today))} "
                              "antwoord. Kom dan terug om het te lezen.")
    coordinator = app.test_client()
    log_in(coordinator, "regisseur")
    question_id = db_session.scalars(select(AdviceQuestion.id)).one()
    coordinator.post(f"/werkplek/vragen/{question_id}", data={"csrf_token": ClientRequest(coordinator).csrf_token(),
                                                               "text": "Nee, niet alles."})
    answered = _state(client)
    assert answered.startswith(f"Er is een antwoord van ons, van {_day(today, 'd MMMM')}.")
    assert "nog niet geantwoord" not in answered

    client.post("/vraag-ophalen/gesprek", data={"csrf_token": ClientRequest(client).csrf_token(), "text": "En nu?"})
    replied = _state(client)
    assert replied == (f"U stuurde ons uw laatste bericht op {_day(today, 'd MMMM')}. Wij antwoorden uiterlijk "
                       f"{_day(answer_due(today))}. Kom dan terug om het te lezen.")
    inbox = page(coordinator.get("/werkplek/vragen"))
    assert _day(answer_due(today), "EEE d MMM") in inbox.select_one("tbody tr").get_text(), "staff see the same day"


def test_a_late_answer_is_owned_up_to_and_a_sign_up_stops_the_waiting(client, municipalities, monkeypatch,
                                                                      db_session):
    code, secret = _pick_up_details(client, _ask(client, monkeypatch))
    _open(client, code, secret)
    message = db_session.scalars(select(AdviceMessage)).one()
    message.written_on -= timedelta(days=14)
    db_session.commit()
    late = _state(client)
    assert "Dat had uiterlijk" in late and "Het spijt ons" in late and "Bel dan de gemeente" in late
    client.post("/vraag-ophalen/aanmelden", data={"csrf_token": ClientRequest(client).csrf_token(), "consent": "yes"})
    assert _state(client).startswith("U koos ervoor om u aan te melden.")


def _ask_in(client, monkeypatch, language):
    client.get(f"/taal/{language}")
    return _pick_up_details(client, _ask(client, monkeypatch))


def test_an_arabic_reader_gets_arabic_words_that_open_the_question_from_a_dutch_page(app, client, municipalities,
                                                                                      monkeypatch):
    """Issue 14.10: the secret words were always Dutch."""
    from portal.rules.secret_word_lists import WORD_LISTS

    client.get("/taal/ar")
    soup = page(client.get(_ask(client, monkeypatch).headers["Location"]))
    words = soup.select_one("dd.reference.words")
    assert words["lang"] == "ar" and words["dir"] == "rtl"
    secret = words.get_text(strip=True)
    assert all(word in WORD_LISTS["ar"] for word in secret.split())
    code = soup.select_one("dd.reference").get_text(strip=True)

    reader = app.test_client()
    reader.get("/taal/nl")
    typed = secret.replace("أ", "ا").replace("إ", "ا").replace("ة", "ه")  # as a keyboard without hamza seats types
    assert _open(reader, code, typed).headers["Location"] == "/vraag-ophalen/gesprek"


def test_a_tigrinya_reader_gets_six_digits_that_open_typed_without_the_space(app, client, municipalities,
                                                                            monkeypatch):
    client.get("/taal/ti")
    soup = page(client.get(_ask(client, monkeypatch).headers["Location"]))
    code, secret = [dd.get_text(strip=True) for dd in soup.select("dd.reference")]
    assert len(secret) == 7 and secret[3] == " " and secret.replace(" ", "").isdigit()
    assert soup.select_one("dd.reference.words") is None and not soup.select("dd[lang]")
    pick_up = page(client.get("/vraag-ophalen"))
    assert "482 913" in pick_up.select_one("#secret-hint").get_text()
    assert _open(app.test_client(), code, secret.replace(" ", "")).headers["Location"] == "/vraag-ophalen/gesprek"


def test_dutch_words_on_a_page_in_another_language_carry_lang_nl(client, municipalities, monkeypatch):
    """A reading language without a list of its own gets Dutch words, marked as Dutch (WCAG 3.1.2)."""
    from portal.rules import secret_words

    monkeypatch.delitem(secret_words.WORD_LISTS, "en")  # as for a language added before its list is written
    client.get("/taal/en")
    soup = page(client.get(_ask(client, monkeypatch).headers["Location"]))
    assert soup.html["lang"] == "en"
    words = soup.select_one("dd.reference.words")
    assert words["lang"] == "nl" and words["dir"] == "ltr"
    assert all(word in secret_words.WORD_LISTS["nl"] for word in words.get_text(strip=True).split())


def test_a_dutch_secret_from_before_the_lists_still_opens(client, municipalities, monkeypatch, db_session):
    """Old secrets were hashed as shown (three words of the old list, some no longer in any list)."""
    code, _secret = _pick_up_details(client, _ask(client, monkeypatch))
    question = db_session.scalars(select(AdviceQuestion)).one()
    question.secret_hash = passwords.hasher().hash("bank kat zeep")
    db_session.commit()
    assert _open(client, code, "Bank, Kat zeep").headers["Location"] == "/vraag-ophalen/gesprek"


def test_the_pick_up_hint_shows_the_reading_languages_format(client, municipalities):
    from portal.rules.secret_word_lists import WORD_LISTS

    for language in ("nl", "ar", "uk"):
        client.get(f"/taal/{language}")
        hint = page(client.get("/vraag-ophalen")).select_one("#secret-hint").get_text()
        assert " ".join(WORD_LISTS[language][:3]) in hint


def _listed(client) -> dict[str, str]:
    return {o["value"]: o.get_text(strip=True)
            for o in page(client.get("/vraag-stellen")).select("select[name=municipality] option") if o["value"]}


def test_the_municipality_list_follows_load_municipalities_at_once(client, municipalities, db_session, tmp_path):
    from portal.services.municipalities import load_municipalities
    from tests.conftest import DEMO_MUNICIPALITIES

    assert _listed(client)["lochem"] == "Lochem"
    changed = tmp_path / "m.toml"
    changed.write_text(DEMO_MUNICIPALITIES.read_text(encoding="utf-8").replace('name = "Lochem"', 'name = "Lochem 2"'),
                       encoding="utf-8")
    load_municipalities(db_session, changed)
    assert _listed(client)["lochem"] == "Lochem 2"


def test_a_change_made_by_another_process_shows_within_the_lifetime(app, client, municipalities, monkeypatch):
    from sqlalchemy import update

    from portal.models import Municipality
    from portal.services import municipalities as service

    now = [1000.0]
    monkeypatch.setattr(service, "monotonic", lambda: now[0])
    assert _listed(client)["lochem"] == "Lochem"
    # As `flask load-municipalities` in another process would: the database changes, this process is not told.
    with app.extensions["db_engine"].begin() as connection:
        connection.execute(update(Municipality).where(Municipality.slug == "lochem").values(name="Lochem 2"))
    now[0] += service.CHOICES_LIFETIME_SECONDS - 1
    assert _listed(client)["lochem"] == "Lochem"  # the per-process copy, at most a minute old
    now[0] += 1
    assert _listed(client)["lochem"] == "Lochem 2"
