from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.models import Aanmelding, AssistCode
from portal.services import assist
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.resident.signup_helpers import DEFAULT_STEPS, post_step, submit
from tests.staff_fixtures import log_in


def _walk_from(client, location):
    while location.startswith("/aanmelden/stap/"):
        slug = location.rsplit("/", 1)[1]
        location = post_step(client, slug, DEFAULT_STEPS[slug]).headers["Location"]
    return location


def test_staff_fill_in_together_on_their_laptop(client, client_request, staff, db_session):
    log_in(client, "regisseur")
    client_request.post("staff.start_assisted_signup")
    assert _walk_from(client, client_request.response.headers["Location"]) == "/aanmelden/controleren"
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.filled_in == "assisted" and aanmelding.assisted_by_id == staff["regisseur"].id
    assert aanmelding.consent_version == 1
    badges = [b.get_text(strip=True) for b in page(client.get("/werkplek/")).select("tbody .badge")]
    assert "Samen ingevuld" in badges
    details = page(client.get(f"/werkplek/zaak/{aanmelding.id}")).get_text(" ", strip=True)
    assert f"samen ingevuld met {staff['regisseur'].name}" in details


def test_a_one_time_code_links_the_clients_own_phone(app, client, staff, db_session):
    code = _make_code(app, client)

    phone = ClientRequest(app.test_client())
    phone.post("resident.enter_assist_code", _data={"code": code}, _expected_redirect="/aanmelden?gekoppeld=1")
    phone.post("resident.start_signup")
    _walk_from(phone.client, phone.response.headers["Location"])
    submit(phone.client)
    assert db_session.scalars(select(Aanmelding.assisted_by_id)).one() == staff["regisseur"].id

    again = ClientRequest(app.test_client())
    soup = again.post("resident.enter_assist_code", _data={"code": code}, _expected_status=200)
    assert "klopt niet of is verlopen" in soup.select_one("#code-error").get_text()


def test_guessing_the_code_is_rate_limited(app):
    phone = ClientRequest(app.test_client())
    statuses = [phone.open("POST", "resident.enter_assist_code", _data={"code": f"AAA {n:03d}"}).status_code
                for n in range(11)]
    assert statuses[-1] == 429 and 429 not in statuses[:10]


ASSIST_LOCK_AFTER, LOOKUP_LENGTH = 5, 2  # five wrong tries at one code; its first two characters find it (12.6)


def _make_code(app, client) -> str:
    log_in(client, "regisseur")
    soup = ClientRequest(client).post("staff.make_assist_code", _expected_status=200)
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
        ClientRequest(app.test_client()).post("resident.enter_assist_code", _expected_status=200,
                                              _data={"code": _wrong_with_the_same_start(code, n)},
                                              _address=f"10.3.0.{n}")
    soup = ClientRequest(app.test_client()).post("resident.enter_assist_code", _data={"code": code},
                                                 _address="10.4.0.1", _expected_status=200)
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


def test_the_code_page_names_the_codes_lifetime(client, client_request, staff, db_session, monkeypatch):
    monkeypatch.setattr(assist, "CODE_LIFETIME", timedelta(minutes=20))
    log_in(client, "regisseur")
    soup = client_request.post("staff.make_assist_code", _expected_status=200)
    assert "De code werkt 20 minuten" in soup.get_text()
    assert db_session.scalars(select(AssistCode.expires_at)).one() <= utcnow() + timedelta(minutes=20)
