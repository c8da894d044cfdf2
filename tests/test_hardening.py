"""Security headers on every page, security.txt, retention, erasure and security log lines."""

import json
import logging
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.models import Aanmelding, AuditEntry, CaseEvent
from portal.rules.retention import is_expired, keep_until
from portal.security import CONTENT_SECURITY_POLICY
from portal.services import retention
from tests.client_request import ClientRequest
from tests.conftest import ROOT, make_test_app, page
from tests.staff_fixtures import log_in

EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def _pages(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and not rule.endpoint.startswith("static"):
            yield rule.rule


# The only answers a shared phone may keep: the same for everyone, never personal.
CACHED_FOR_EVERYONE = {"/favicon.ico": "public, max-age=31536000"}


def test_every_page_carries_the_exact_security_headers(app, client, municipalities):
    for path in _pages(app):
        response = client.get(path)
        expected = {**EXPECTED, "Cache-Control": CACHED_FOR_EVERYONE.get(path, EXPECTED["Cache-Control"])}
        for header, value in expected.items():
            assert response.headers.get(header) == value, (path, header)


def test_csp_is_what_internet_nl_asks_for():
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
                 "frame-ancestors 'none'"):
        assert part in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("Contact: ")
    assert "Expires: " in response.get_data(as_text=True)


@pytest.mark.parametrize("reason,days,expired", [("withdrawn", 366, True), ("withdrawn", 300, False),
                                                 ("helped", 366, False), ("helped", 7 * 365 + 1, True),
                                                 ("no_contact", 400, True), ("handed_over", 2000, False)])
def test_retention_rules(reason, days, expired):
    today = utcnow().date()
    assert is_expired(today - timedelta(days=days), reason, today) is expired
    assert keep_until(today, reason) > today


def test_retention_deletes_only_expired_closed_cases(db_session, make_case):
    now = utcnow()
    old_withdrawn = make_case(status="closed", closed_reason="withdrawn", closed_at=now - timedelta(days=400))
    recent = make_case(status="closed", closed_reason="withdrawn", closed_at=now - timedelta(days=30))
    helped = make_case(status="closed", closed_reason="helped", closed_at=now - timedelta(days=400))
    still_open = make_case()
    db_session.add(CaseEvent(aanmelding_id=old_withdrawn.id, kind="note", text="x"))
    db_session.commit()
    assert retention.purge_closed_cases(db_session) == 1
    remaining = set(db_session.scalars(select(Aanmelding.id)))
    assert remaining == {recent.id, helped.id, still_open.id}
    assert db_session.scalar(select(func.count()).select_from(CaseEvent)) == 0


def test_the_purge_command_logs_counts_not_content(app, db_session, make_case):
    make_case(status="closed", closed_reason="withdrawn", closed_at=utcnow() - timedelta(days=400),
              call_name="Geheime Naam")
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 closed cases" in result.output and "Geheime Naam" not in result.output


def test_an_administrator_erases_a_case_and_the_log_keeps_only_that(client, staff, make_case, db_session):
    case_id = make_case(call_name="Geheime Naam").id
    log_in(client, "beheerder")
    path = f"/werkplek/zaak/{case_id}/wissen"
    asked = page(client.post(path, data={"csrf_token": ClientRequest(client).csrf_token()}))
    assert asked.h1.get_text(strip=True) == "Zaak wissen"
    client.post(path, data={"csrf_token": ClientRequest(client).csrf_token(), "confirm": "1"})
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 0
    erased = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "erase_case")).one()
    assert erased.aanmelding_id is None and "Geheime" not in (erased.detail or "")


def test_a_coordinator_cannot_erase(client, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    response = client.post(f"/werkplek/zaak/{case.id}/wissen",
                           data={"csrf_token": ClientRequest(client).csrf_token(), "confirm": "1"})
    assert response.status_code == 403


def test_security_log_lines_have_no_personal_data(client, staff, caplog):
    caplog.set_level(logging.WARNING)
    log_in(client, "regisseur", "wrong password")
    log_in(client, "regisseur")
    lines = [json.loads(r.getMessage().split("security ", 1)[1]) for r in caplog.records
             if r.getMessage().startswith("security ")]
    assert [(line["action"], line["result"]) for line in lines] == [("login", "wrong"), ("login", "success")]
    for line in lines:
        assert set(line) == {"time", "action", "result", "actor", "object", "origin"}
        assert "lansingerland.test" not in json.dumps(line) and "wrong password" not in json.dumps(line)


@pytest.mark.parametrize("password,problem", [("short", "12 characters"), ("wachtwoord123", "too common"),
                                              ("aaaaaaaaaaaaaaaa", "too simple"),
                                              ("mijn-sanne-is-geweldig", "e-mail address")])
def test_weak_staff_passwords_are_refused(municipalities, db_session, password, problem):
    from portal.models import StaffRole
    from portal.services.staff import StaffError, create_or_update_staff

    with pytest.raises(StaffError, match=problem):
        create_or_update_staff(db_session, email="sanne@lansingerland.test", name="S", role=StaffRole.KETENREGISSEUR,
                               municipality_slug="lansingerland", password=password)


def test_starting_sign_ups_is_rate_limited(client):
    statuses = [client.post("/aanmelden/start", data={"csrf_token": ClientRequest(client).csrf_token(), "confirm": "1"})
                .status_code for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]


def test_the_access_log_keeps_no_resume_or_referral_token():
    from portal.access_log import redact

    assert redact("/aanmelden/verder/eyJkcmFmdCI6IngifQ.Z1x2.abc") == "/aanmelden/verder/…"
    assert redact("/via/t/eyJjb2RlIjoiYmFuayJ9.sig") == "/via/t/…"
    assert redact("/ervaring/Zb3q9x0kLm2n4p6r8s0t1u") == "/ervaring/…"  # the survey's single-use link
    assert redact("/ervaring-bedankt?taal=ar") == "/ervaring-bedankt?taal=ar"
    assert redact("/nazorg/8JFJmAVMjhfoukUgY0POfjYhZArcLZMzmmLIm-IHqZE") == "/nazorg/…"
    assert redact("/nazorg/bedankt") == "/nazorg/bedankt"
    assert redact("/via/lansingerland-bank") == "/via/lansingerland-bank"
    assert redact("/geldcheck/vraag/income") == "/geldcheck/vraag/income"


def test_gunicorn_logs_neither_client_addresses_nor_tokens(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379")  # production needs shared rate limits
    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)  # noqa: S102  (our own config file)
    assert "%(h)s" not in config["access_log_format"] and "%(q)s" not in config["access_log_format"]
    assert config["logger_class"] == "portal.access_log.RedactingLogger"


def test_the_inline_stylesheet_is_the_only_inline_style_the_policy_allows(client):
    import base64
    import hashlib

    style = page(client.get("/")).select_one("head style").string
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in client.get("/").headers["Content-Security-Policy"]


def test_rate_limits_live_in_redis_when_redis_url_is_set(app, migrated_database, tmp_path, monkeypatch):
    """Several gunicorn workers must share the counts; REDIS_URL is how a deployment says where.

    (`app` is asked for only so that its teardown empties the tables this test fills.)
    """
    import os

    import redis

    url = "redis://127.0.0.1:6379/9"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setenv("REDIS_URL", url)
    prefix = f"test-{uuid.uuid4().hex}"  # the Redis is shared with other test runs: look at our keys only
    shared = make_test_app(migrated_database, tmp_path, RATELIMIT_KEY_PREFIX=prefix)
    assert shared.config["RATELIMIT_STORAGE_URI"] == url
    client = shared.test_client()
    statuses = [client.post("/aanmelden/start", data={"csrf_token": ClientRequest(client).csrf_token(), "confirm": "1"})
                .status_code for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]
    stored = [key for key in redis.Redis.from_url(url).keys() if prefix.encode() in key]
    assert any(key.startswith(b"LIMITS") for key in stored), "the counts are in Redis"
    assert not any(b"127.0.0.1" in key for key in stored), "Finding 12.5: Redis holds no client address"
    from portal.extensions import limiter

    limiter.reset()
    shared.extensions["db_engine"].dispose()
