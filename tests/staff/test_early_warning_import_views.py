"""Vroegsignalen importeren (portal/staff/early_warning_import_views.py): upload, problems by line, a summary."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from portal.models import AuditEntry
from portal.models.early_warning import Vroegsignaal, Vroegsignaalzaak
from portal.uploads import SIGNAL_FILE_MAX_BYTES
from tests.client_request import ClientRequest
from tests.conftest import assert_unique_ids, page
from tests.rules.test_signal_file import GOOD, csv_bytes
from tests.staff_fixtures import log_in

URL = "/werkplek/vroegsignalen/importeren"
DEMO = Path(__file__).resolve().parents[2] / "demo" / "signals"


def _upload(client, data: bytes, name="signalen.csv"):
    token = ClientRequest(client).csrf_token()
    return client.post(URL, data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def _count(db_session, model):
    return db_session.scalar(select(func.count()).select_from(model))


def _audit(db_session, action):
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_coordinator_uploads_the_demo_file_and_reads_a_summary(client, db_session, staff):
    log_in(client, "regisseur")
    soup = page(client.get(URL))
    assert soup.h1.get_text(strip=True) == "Vroegsignalen importeren"
    assert soup.select_one("form[enctype='multipart/form-data'] input[type=file][name=file]") is not None
    assert_unique_ids(soup)
    response = _upload(client, (DEMO / "lansingerland.csv").read_bytes(), "Namen-en-adressen-november.csv")
    assert response.status_code == 200
    status = page(response).select_one("[role=status]").get_text(" ", strip=True)
    assert status.startswith("Ingelezen: 60 nieuw, 0 al bekend.")
    assert _count(db_session, Vroegsignaal) == 60
    [entry] = _audit(db_session, "signals_imported")
    assert entry.detail.startswith("sha256 ") and "new: 60" in entry.detail
    assert "Namen" not in entry.detail and "csv" not in entry.detail  # the file's name stays out of the log
    again = _upload(client, (DEMO / "lansingerland.csv").read_bytes())
    assert "0 nieuw, 60 al bekend" in page(again).select_one("[role=status]").get_text()


def test_a_bad_file_shows_its_problems_by_line_and_stores_nothing(client, db_session, staff):
    log_in(client, "regisseur")
    rows = [GOOD, GOOD | {"signaal_id": "L-2", "bsn": "123456789"}, GOOD | {"signaal_id": "L-3", "bedrag": "12.50"}]
    response = _upload(client, csv_bytes(rows))
    assert response.status_code == 400
    soup = page(response)
    problems = [li.get_text(strip=True) for li in soup.select(".file-problems li")]
    assert problems[0].startswith("Regel 3, kolom bsn: Dit BSN klopt niet")
    assert problems[1].startswith("Regel 4, kolom bedrag: Schrijf het bedrag als 1234 of 1.234,56")
    assert "Anna" not in soup.get_text()  # problems name the place, never the person
    assert _count(db_session, Vroegsignaal) == 0 and _count(db_session, Vroegsignaalzaak) == 0
    [entry] = _audit(db_session, "signals_import_refused")
    assert entry.detail.endswith("problems: 2")


def test_a_windows_1252_file_is_refused_with_how_to_save_it(client, db_session, staff):
    log_in(client, "regisseur")
    response = _upload(client, csv_bytes([GOOD | {"naam": "Anaïs"}], encoding="cp1252"))
    assert "CSV UTF-8" in page(response).select_one(".file-problems").get_text()


def test_no_file_chosen_says_what_to_do(client, staff):
    log_in(client, "regisseur")
    response = client.post(URL, data={"csrf_token": ClientRequest(client).csrf_token()})
    assert response.status_code == 400
    assert "Kies het bestand met de signalen." in page(response).select_one(".error-summary").get_text()


def test_a_file_over_the_limit_is_refused_and_other_routes_keep_their_small_limit(client, db_session, staff):
    log_in(client, "regisseur")
    token = ClientRequest(client).csrf_token()
    big = io.BytesIO(b"x" * (SIGNAL_FILE_MAX_BYTES + 1))
    assert client.post(URL, data={"csrf_token": token, "file": (big, "groot.csv")},
                       content_type="multipart/form-data").status_code == 413
    medium = io.BytesIO(b"x" * 200_000)  # far below the upload limit, far above the portal's 64 KB elsewhere
    assert client.post("/werkplek/brieven/verstuurd", data={"csrf_token": token, "file": (medium, "a.csv")},
                       content_type="multipart/form-data").status_code == 413
    assert _count(db_session, Vroegsignaal) == 0


def test_a_caseworker_may_not_import(client, staff):
    log_in(client, "partner")
    assert client.get(URL).status_code == 403
