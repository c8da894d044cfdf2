from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.models import Aanmelding, AssistCode
from portal.services import assist
from tests.conftest import page
from tests.resident.signup_helpers import DEFAULT_STEPS, post_step, submit
from tests.staff_fixtures import csrf, log_in


def _walk_from(client, location):
    while location.startswith("/aanmelden/stap/"):
        slug = location.rsplit("/", 1)[1]
        location = post_step(client, slug, DEFAULT_STEPS[slug]).headers["Location"]
    return location


def test_staff_fill_in_together_on_their_laptop(client, staff, db_session):
    log_in(client, "regisseur")
    response = client.post("/werkplek/samen-invullen/hier",
                           data={"csrf_token": csrf(client, "/werkplek/samen-invullen")})
    assert _walk_from(client, response.headers["Location"]) == "/aanmelden/controleren"
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.channel == "assisted" and aanmelding.assisted_by_id == staff["regisseur"].id
    assert aanmelding.consent_version == 1


def test_a_one_time_code_links_the_clients_own_phone(app, client, staff, db_session):
    log_in(client, "regisseur")
    soup = page(client.post("/werkplek/samen-invullen/code",
                            data={"csrf_token": csrf(client, "/werkplek/samen-invullen")}))
    code = soup.select_one(".code").get_text(strip=True)

    phone = app.test_client()
    response = phone.post("/aanmelden/code", data={"csrf_token": csrf(phone, "/aanmelden/code"), "code": code})
    assert response.headers["Location"] == "/aanmelden?gekoppeld=1"
    start = phone.post("/aanmelden/start", data={"csrf_token": csrf(phone, "/aanmelden")})
    _walk_from(phone, start.headers["Location"])
    submit(phone)
    assert db_session.scalars(select(Aanmelding.assisted_by_id)).one() == staff["regisseur"].id

    again = app.test_client()
    soup = page(again.post("/aanmelden/code", data={"csrf_token": csrf(again, "/aanmelden/code"), "code": code}))
    assert "klopt niet of is verlopen" in soup.select_one("#code-error").get_text()


def test_guessing_the_code_is_rate_limited(app):
    phone = app.test_client()
    statuses = [phone.post("/aanmelden/code", data={"csrf_token": csrf(phone, "/aanmelden/code"),
                                                    "code": f"AAA {n:03d}"}).status_code for n in range(11)]
    assert statuses[-1] == 429 and 429 not in statuses[:10]


ASSIST_LOCK_AFTER, LOOKUP_LENGTH = 5, 2  # five wrong tries at one code; its first two characters find it (12.6)


def _make_code(app, client) -> str:
    log_in(client, "regisseur")
    soup = page(client.post("/werkplek/samen-invullen/code",
                            data={"csrf_token": csrf(client, "/werkplek/samen-invullen")}))
    return soup.select_one(".code").get_text(strip=True)


def _wrong_with_the_same_start(code: str, n: int) -> str:
    from portal.rules.reference import ALPHABET

    clean = code.replace(" ", "")
    rest = "".join(ALPHABET[(ALPHABET.index(c) + 1 + n) % len(ALPHABET)] for c in clean[LOOKUP_LENGTH:])
    return clean[:LOOKUP_LENGTH] + rest


def test_wrong_tries_from_many_addresses_lock_the_code(app, client, staff, db_session):
    """Finding 12.6: the per-address limit alone lets many addresses guess a live code; five wrong tries at one code,
    from anywhere, lock it, and then even the right code links nothing."""
    code = _make_code(app, client)
    for n in range(ASSIST_LOCK_AFTER):
        phone = app.test_client()
        phone.post("/aanmelden/code", data={"csrf_token": csrf(phone, "/aanmelden/code"),
                                            "code": _wrong_with_the_same_start(code, n)},
                   environ_base={"REMOTE_ADDR": f"10.3.0.{n}"})
    resident = app.test_client()
    soup = page(resident.post("/aanmelden/code", data={"csrf_token": csrf(resident, "/aanmelden/code"),
                                                       "code": code}, environ_base={"REMOTE_ADDR": "10.4.0.1"}))
    assert "klopt niet of is verlopen" in soup.select_one("#code-error").get_text(), "looks like any wrong code"
    assert db_session.scalars(select(AssistCode.failed_tries)).one() == ASSIST_LOCK_AFTER


def test_a_few_wrong_tries_leave_the_code_usable_and_the_right_one_gives_its_try_back(app, client, staff, db_session):
    """Finding 12.6: the count is per code; the right code is not counted as a wrong try."""
    code = _make_code(app, client)
    for n in range(ASSIST_LOCK_AFTER - 1):
        assert assist.redeem(db_session, _wrong_with_the_same_start(code, n)) is None
    assert assist.redeem(db_session, code) == staff["regisseur"].id
    db_session.expire_all()
    assert db_session.scalars(select(AssistCode.failed_tries)).one() == ASSIST_LOCK_AFTER - 1


def test_parallel_wrong_tries_never_exceed_the_limit(app, client, staff, db_session):
    """Finding 12.6: one conditional UPDATE per try, so a burst of simultaneous guesses cannot pass the count."""
    from concurrent.futures import ThreadPoolExecutor

    code = _make_code(app, client)
    make_session = app.extensions["db_sessionmaker"]

    def guess(n):
        with make_session() as session:
            return assist.redeem(session, _wrong_with_the_same_start(code, n % 10))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(guess, range(30))) == [None] * 30
    db_session.expire_all()
    assert db_session.scalars(select(AssistCode.failed_tries)).one() == ASSIST_LOCK_AFTER
    assert assist.redeem(db_session, code) is None, "locked: the right code links nothing any more"


def test_the_code_page_names_the_codes_lifetime(client, staff, db_session, monkeypatch):
    monkeypatch.setattr(assist, "CODE_LIFETIME", timedelta(minutes=20))
    log_in(client, "regisseur")
    soup = page(client.post("/werkplek/samen-invullen/code",
                            data={"csrf_token": csrf(client, "/werkplek/samen-invullen")}))
    assert "De code werkt 20 minuten" in soup.get_text()
    assert db_session.scalars(select(AssistCode.expires_at)).one() <= utcnow() + timedelta(minutes=20)
