"""The council report through the test client: the numbers of one municipality and one period, the CSV and the PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.domain.early_warning import Contactsoort, Dagdeel, Eindresultaat
from portal.models import AuditEntry, Klantervaring, Municipality, Nazorgmoment, Nazorgtraject, Overdracht
from portal.rules import deadlines
from portal.rules.csv_safety import BYTE_ORDER_MARK
from tests.conftest import page
from tests.early_warning_report_fixtures import make_zaak
from tests.staff_fixtures import log_in, partner_named

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "council-report"
YEAR = deadlines.local_date(utcnow()).year - 1  # a whole year behind us: every figure is settled


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), deadlines.AMSTERDAM)


def town(db_session, slug):
    return db_session.scalars(select(Municipality).where(Municipality.slug == slug)).one()


def answers(db_session, municipality, month, n, mark):
    for _ in range(n):
        db_session.add(Klantervaring(municipality_id=municipality.id, month=month, channel="self", route="helped",
                                     mark=mark))


@pytest.fixture
def seeded(db_session, staff, make_case):
    """Lansingerland's year: five sign-ups (two on the year's edges in local time), two closed, a handover accepted and
    one returned, two after-care trajectories (one with new bills), two early-warning households, 13 survey answers.
    Groningen has a sign-up, a survey quarter and an early-warning household in the same year: none may count."""
    regisseur = staff["regisseur"]
    bank = make_case(submitted_at=local(date(YEAR, 3, 2)), source="lansingerland-bank")
    assisted = make_case(submitted_at=local(date(YEAR, 3, 3)), assisted_by=regisseur.id, group="youth")
    own = make_case(submitted_at=local(date(YEAR, 3, 4)))
    make_case(submitted_at=local(date(YEAR, 1, 1), 0, 30))  # 23:30 UTC on 31 December: still this year here
    make_case(submitted_at=local(date(YEAR, 12, 31), 23, 30))
    make_case(submitted_at=local(date(YEAR + 1, 1, 1), 0, 30))
    make_case(submitted_at=local(date(YEAR - 1, 12, 31), 23, 30))
    make_case("groningen", submitted_at=local(date(YEAR, 3, 5)), source="groningen-bank")
    bank.closed_reason, bank.closed_at = "no_contact", local(date(YEAR, 6, 1))
    assisted.closed_reason, assisted.closed_at = "helped", local(date(YEAR, 7, 1))
    own.first_contact_at = local(date(YEAR, 3, 5))
    lansingerland, groningen = town(db_session, "lansingerland"), town(db_session, "groningen")
    for partner, state in (("Kwadraad", "accepted"), ("PLANgroep", "returned")):
        db_session.add(Overdracht(aanmelding_id=assisted.id, municipality_id=lansingerland.id,
                                  partner_id=partner_named(db_session, partner).id, why="-",
                                  handed_over_at=local(date(YEAR, 4, 1)), handed_over_by_id=regisseur.id,
                                  due_on=date(YEAR, 4, 8), state=state))
    relapsed = Nazorgtraject(municipality_id=lansingerland.id, aanmelding_id=assisted.id,
                             started_on=date(YEAR, 7, 1))
    relapsed.moments.append(Nazorgmoment(number=1, months=1, due_on=date(YEAR, 8, 1), new_bills=True))
    db_session.add_all([relapsed, Nazorgtraject(municipality_id=lansingerland.id, aanmelding_id=own.id,
                                                started_on=date(YEAR, 9, 1))])
    answers(db_session, lansingerland, f"{YEAR}-03", 10, 8)
    answers(db_session, lansingerland, f"{YEAR}-05", 3, 9)
    answers(db_session, groningen, f"{YEAR}-08", 12, 2)
    db_session.commit()
    reached = [(Contactsoort.TELEFOON, True, date(YEAR, 5, 3), Dagdeel.OCHTEND)]
    make_zaak(db_session, lansingerland, signalled_on=date(YEAR, 5, 1), contacts=reached,
              result=Eindresultaat.VERVOLGHULP_FINANCIEEL, closed_at=local(date(YEAR, 5, 10)))
    make_zaak(db_session, lansingerland, signalled_on=date(YEAR, 5, 2))
    make_zaak(db_session, groningen, signalled_on=date(YEAR, 5, 2), contacts=reached)
    return lansingerland


def text(soup, heading_id) -> str:
    return " ".join(soup.find(id=heading_id).find_parent("section").get_text(" ").split())


def table_rows(soup, caption_id) -> dict[str, list[str]]:
    table = soup.find(attrs={"aria-labelledby": caption_id}).find("table") or soup.find(
        "table", attrs={"aria-labelledby": caption_id})
    return {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")}


def test_the_year_report_tells_this_municipalitys_numbers_in_sentences_charts_and_tables(client, seeded,
                                                                                        db_session):
    log_in(client, "regisseur")
    response = client.get(f"/werkplek/cijfers/verslag?jaar={YEAR}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == f"Verslag voor de raad: {YEAR}"
    signups = text(soup, "signups-heading")
    assert f"In {YEAR} meldden 5 inwoners zich aan. 1 van hen kwam via de bank-app." in signups, \
        "the year's edges count by the municipality's own day, and Groningen's sign-up does not count"
    assert {label: cells[0] for label, cells in table_rows(soup, "channels-caption").items()} == {
        "Zelf online": "3", "Via de bank-app": "1", "Samen ingevuld met een medewerker": "1",
        "Via een andere verwijzing": "0", "Via vroegsignalering": "0"}
    assert table_rows(soup, "topics-caption")["Huur of hypotheek"] == ["5"]
    assert "1 inwoner stopte zonder hulp (50%): 1 zonder contact, 0 zelf ingetrokken" in text(soup, "results-heading")
    partners = table_rows(soup, "partners-caption")
    assert partners["Kwadraad"] == ["1", "1"] and partners["PLANgroep"] == ["1", "0"]
    early_warning = text(soup, "early-warning-heading")
    assert "over 2 huishoudens" in early_warning and "We spraken er 1 (50%)" in early_warning
    assert "Van hen nam 1 huishouden hulp aan (100%)" in early_warning, "acceptance is over those reached"
    assert "begonnen 2 inwoners met nazorg" in text(soup, "aftercare-heading")
    assert "opnieuw problemen (50%)" in text(soup, "aftercare-heading")
    marks = table_rows(soup, "marks-caption")
    assert marks[f"{YEAR}-K1"] == ["10", "8"]
    assert marks[f"{YEAR}-K2"] == ["3", "te weinig antwoorden"], "three answers could point at a person"
    assert marks[f"{YEAR}-K3"] == ["0", "te weinig antwoorden"], "Groningen's answers are not ours"
    for figure in soup.select("figure.report-figure"):
        assert figure.figcaption and figure.find("table"), "every chart has its caption and its table"
    assert db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "view_council_report")).all() \
        == [f"period {YEAR}"]


def test_a_quarter_counts_only_its_own_three_months(client, seeded):
    log_in(client, "regisseur")
    soup = page(client.get(f"/werkplek/cijfers/verslag?jaar={YEAR}&kwartaal=1"))
    assert soup.h1.get_text(strip=True) == f"Verslag voor de raad: kwartaal 1 van {YEAR}"
    assert f"In kwartaal 1 van {YEAR} meldden 4 inwoners zich aan." in text(soup, "signups-heading")
    assert "In kwartaal 1 van " + str(YEAR) + " werden 0 aanmeldingen afgesloten." in text(soup, "results-heading")
    assert list(table_rows(soup, "marks-caption")) == [f"{YEAR}-K1"]


@pytest.mark.parametrize(("query", "message"), [
    ("jaar=1999", "Kies een jaar uit de lijst"), ("jaar=abc", "Kies een jaar uit de lijst"),
    ("jaar={this}&kwartaal=4", None), ("jaar={next}", "Kies een jaar uit de lijst"),
    ("jaar={last}&kwartaal=5", "Kies een kwartaal uit de lijst"), ("jaar={last}&kwartaal=K3", "Kies een kwartaal")])
def test_a_period_that_cannot_be_reported_gets_a_kind_message_not_an_error(client, staff, query, message):
    today = deadlines.local_date(utcnow())
    query = query.format(this=today.year, next=today.year + 1, last=today.year - 1)
    log_in(client, "regisseur")
    for path in ("/werkplek/cijfers/verslag", "/werkplek/cijfers/verslag.csv", "/werkplek/cijfers/verslag.pdf"):
        response = client.get(f"{path}?{query}")
        if message is None and today.month < 10:  # the fourth quarter has not begun yet
            message = "Dit kwartaal is nog niet begonnen"
        if message is None:
            assert response.status_code == 200
            continue
        assert response.status_code == 400 and response.mimetype == "text/html"
        soup = page(response)
        assert message in soup.select_one(".error").get_text(), path
        assert soup.select_one("select#jaar") is not None, "the chooser is there to try again"


def test_without_a_period_the_report_shows_this_year(client, staff):
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers/verslag"))
    assert soup.h1.get_text(strip=True) == f"Verslag voor de raad: {deadlines.local_date(utcnow()).year}"
    assert soup.select_one("#jaar option[selected]").get_text() == str(deadlines.local_date(utcnow()).year)


def download_csv(client, query):
    response = client.get(f"/werkplek/cijfers/verslag.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="verslag-{YEAR}' in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(body.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def test_the_csv_is_one_long_table_of_the_same_numbers(client, seeded, db_session):
    log_in(client, "regisseur")
    rows = download_csv(client, f"jaar={YEAR}")
    assert rows[0] == ["section", "measure", "key", "label", "value"]
    assert all(len(row) == 5 for row in rows), "one tidy table"
    assert ["signups", "total", "", "", "5"] in rows
    assert ["signups_by_channel", "count", "bank_app", "Via de bank-app", "1"] in rows
    assert ["signups_by_channel", "count", "vroegsignalering", "Via vroegsignalering", "0"] in rows
    assert ["drop_out", "drop_out", "percent", "", "50.0"] in rows
    assert ["client_marks", "mean_mark", f"{YEAR}-K2", "te weinig antwoorden", ""] in rows
    assert download_csv(client, f"jaar={YEAR}&kwartaal=1")[1] == ["period", "period", f"{YEAR}-K1", "", f"{YEAR}-K1"]
    assert db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "download_council_report")).all() \
        == [f"csv, period {YEAR}", f"csv, period {YEAR}-K1"]


def pdf_text(body: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be read")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_pdf_names_the_municipality_and_period_on_top_and_holds_the_numbers(client, seeded, db_session):
    log_in(client, "regisseur")
    response = client.get(f"/werkplek/cijfers/verslag.pdf?jaar={YEAR}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF-")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "verslag.pdf").write_bytes(body)  # for a look: pdftoppm -png -r 60 verslag.pdf verslag
    content = " ".join(pdf_text(body).split())
    assert f"Lansingerland · Verslag voor de raad, {YEAR}" in content, "the running head"
    assert f"In {YEAR} meldden 5 inwoners zich aan. 1 van hen kwam via de bank-app." in content
    assert "1 / " in content, "page numbers"
    assert "Groningen" not in content
    assert db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "download_council_report")).all() \
        == [f"pdf, period {YEAR}"]


def test_the_monitoring_page_links_to_the_report(client, staff):
    log_in(client, "regisseur")
    link = page(client.get("/werkplek/cijfers")).find("a", string="Verslag voor de raad")
    assert link["href"] == "/werkplek/cijfers/verslag"


def test_a_partner_caseworker_may_not_read_the_report(client, staff):
    log_in(client, "partner")
    assert client.get(f"/werkplek/cijfers/verslag.pdf?jaar={YEAR}").status_code == 403
