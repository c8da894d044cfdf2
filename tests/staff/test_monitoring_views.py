import csv
import io
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import AuditEntry, ReferralLink, SelfTestCount
from portal.rules import deadlines
from portal.rules.csv_safety import BYTE_ORDER_MARK
from tests.conftest import page
from tests.staff_fixtures import log_in


def noon(day):
    """Midday on that day in the municipality, as a stored moment."""
    return datetime.combine(day, time(12), deadlines.AMSTERDAM)


def contacted(db_session, case, day):
    case.first_contact_at = noon(day)
    db_session.commit()


def text_of(soup, element_id):
    return " ".join(soup.find(id=element_id).find_parent("section").get_text(" ").split())


def test_monitoring_page_has_svg_charts_with_tables(client, staff, make_case):
    make_case(crisis=True, submitted_at=utcnow())
    make_case(group="youth", source="lansingerland-bank")
    make_case("groningen")
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    charts = soup.select("svg[role=img]")
    assert len(charts) >= 6
    signups = soup.find("caption", string="Aanmeldingen per week").find_parent("table")
    counts = [int(td.get_text()) for td in signups.select("td")]
    assert sum(counts) == 2, "only this municipality's cases count"
    assert soup.select("script") == soup.select("head script[src='/static/js/portal.js']"), \
        "charts need no JavaScript of their own"


def test_promise_and_legal_deadline_shown_apart_each_with_its_n(client, staff, make_case, db_session):
    """Four cases: the promise figure is 1 of 4, the legal figure 2 of 3 (one is not yet due)."""
    in_time = make_case(submitted_days_ago=20)
    contacted(db_session, in_time, deadlines.local_date(in_time.submitted_at) + timedelta(days=1))
    late_for_promise = make_case(submitted_days_ago=20)
    contacted(db_session, late_for_promise, late_for_promise.first_contact_due + timedelta(days=1))
    waiting = make_case(submitted_days_ago=20)  # past the promise, legal deadline ahead
    past_both = make_case(submitted_days_ago=40)
    today = deadlines.local_date(utcnow())
    assert late_for_promise.first_contact_due + timedelta(days=1) < today <= waiting.legal_deadline
    assert waiting.first_contact_due < today and past_both.legal_deadline < today
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    promise, legal = text_of(soup, "promise"), text_of(soup, "legal")
    assert "25% op tijd: 1 van 4" in promise
    assert "Van de 4 zaken waarvan de beloofde datum voorbij is" in promise
    assert "Te laat: 3" in promise
    assert "66,7% op tijd: 2 van 3" in legal
    assert "Van de 3 zaken waarvan de wettelijke termijn" in legal
    assert "Te laat: 1" in legal
    assert "Nog binnen de termijn, nog geen contact (niet meegeteld): 1" in legal


def test_first_contact_counts_on_the_municipalitys_own_day(client, staff, make_case, db_session):
    """Half past midnight in Lansingerland, the day after the promise, is still the promised day in UTC: late."""
    case = make_case(submitted_days_ago=20)
    case.first_contact_at = datetime.combine(case.first_contact_due + timedelta(days=1), time(0, 30),
                                             deadlines.AMSTERDAM)
    db_session.commit()
    log_in(client, "regisseur")
    promise = text_of(page(client.get("/werkplek/cijfers")), "promise")
    assert "0% op tijd: 0 van 1" in promise and "Te laat: 1" in promise


def rows_of(soup, caption):
    table = soup.find("caption", string=caption).find_parent("table")
    return {tr.th.get_text(): int(tr.td.get_text()) for tr in table.select("tbody tr")}


def test_channels_groups_and_sources_with_human_labels(client, staff, make_case, db_session):
    make_case(source="lansingerland-bank")
    make_case(source="lansingerland-woning", group="youth")
    make_case(source="lansingerland-bank", assisted_by=staff["regisseur"].id)  # helped: counts as assisted
    make_case(assisted_by=staff["regisseur"].id, group="entrepreneur")
    make_case(source="anonymous-advice")
    make_case()
    db_session.add(SelfTestCount(day=deadlines.local_date(utcnow()), municipality="lansingerland",
                                 source="lansingerland-bank", group="entrepreneur+youth", route="volunteer",
                                 crisis=False, questionnaire_version=1, count=3))
    db_session.commit()
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    assert rows_of(soup, "Aanmeldingen per kanaal") == {
        "Zelf online": 2, "Via de bank-app": 1, "Samen ingevuld met een medewerker": 2,
        "Via een andere verwijzing": 1, "Via vroegsignalering": 0}
    assert rows_of(soup, "Aanmeldingen per groep") == {
        "Jongere": 1, "Ondernemer": 1, "Statushouder": 0, "Geen groep": 4}
    assert rows_of(soup, "Aanmeldingen per bron") == {
        "Bank (app, rood staan), klanten in Lansingerland – Bank-app": 2,
        "Woningcorporatie (brief huurachterstand) – Brief": 1,
        "Anonieme vraag": 1, "Zonder verwijzing": 2}
    assert rows_of(soup, "Geldchecks per uitkomst")["Vrijwilliger"] == 3
    assert rows_of(soup, "Geldchecks per groep") == {"Ondernemer + Jongere": 3}
    assert rows_of(soup, "Geldchecks per bron") == {"Bank (app, rood staan), klanten in Lansingerland – Bank-app": 3}
    assert "lansingerland-woning" not in soup.get_text()


def download(client, table=None):
    response = client.get("/werkplek/cijfers.csv", query_string={"tabel": table} if table else None)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith(BYTE_ORDER_MARK), "Excel reads UTF-8 only with the mark"
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def test_monitoring_csv_one_tidy_table_per_file(client, staff, make_case, db_session):
    make_case(crisis=True, group="youth")
    log_in(client, "regisseur")
    weeks = download(client, "weken")
    assert weeks[0] == ["week", "measure", "value"]
    assert all(len(row) == 3 for row in weeks), "one table, no blank or extra rows"
    assert sum(int(value) for _, measure, value in weeks[1:] if measure == "signups") == 1
    assert datetime.strptime(weeks[1][0], "%Y-%m-%d").weekday() == 0, "ISO dates of Mondays"
    assert download(client) == weeks, "weeks is the default table"
    assert download(client, "termijnen")[0] == ["deadline", "in_time", "late", "not_yet_due", "base",
                                                 "percent_in_time"]
    groups = download(client, "groepen")
    assert groups[0] == ["week", "group", "label", "count"] and groups[1][1:] == ["youth", "Jongere", "1"]
    assert client.get("/werkplek/cijfers.csv?tabel=alles").status_code == 404


def test_monitoring_csv_cells_cannot_run_as_formulas_and_downloads_are_logged(client, staff, make_case, db_session,
                                                                             municipalities):
    db_session.add(ReferralLink(code="lansingerland-x", municipality_id=municipalities["lansingerland"].id,
                                partner='=HYPERLINK("http://x.test")', channel="letter"))
    db_session.commit()
    make_case(source="lansingerland-x")
    log_in(client, "regisseur")
    sources = download(client, "bronnen")
    assert sources[1][1:] == ["lansingerland-x", '\'=HYPERLINK("http://x.test") – Brief', "1"]
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "download_monitoring")).all()
    assert [entry.detail.split(",")[0] for entry in entries] == ["table bronnen"]


@pytest.mark.parametrize("weeks", [deadlines.LEGAL_WEEKS, 6])
def test_monitoring_names_the_legal_limit(client, staff, monkeypatch, weeks):
    monkeypatch.setattr(deadlines, "LEGAL_WEEKS", weeks)
    log_in(client, "regisseur")
    text = " ".join(page(client.get("/werkplek/cijfers")).get_text().split())
    assert f"wettelijke termijn ({weeks} weken, bij crisis 3 werkdagen)" in text
