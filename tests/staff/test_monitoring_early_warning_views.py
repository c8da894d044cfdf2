"""The monitoring page's early-warning section (Divosa's figures) and its CSV tables."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.early_warning import Approach, Contactsoort, Dagdeel, Eindresultaat, SignaalpartnerType
from portal.models import AuditEntry, VisitCount
from portal.rules import deadlines
from portal.rules.csv_safety import BYTE_ORDER_MARK
from portal.rules.monitoring import week_start
from portal.staff.monitoring_views import WEEKS
from tests.conftest import page
from tests.early_warning_report_fixtures import make_zaak
from tests.staff_fixtures import log_in


def households(db_session, municipalities):
    """Last month: a letter household reached that accepted help, and a call household (rent and energy) not reached.
    This month: one crisis household. Groningen's household must not count in Lansingerland."""
    today = deadlines.local_date(utcnow())
    last_month = today.replace(day=1) - timedelta(days=1)
    town = municipalities["lansingerland"]
    town.inhabitants = 2_000
    db_session.commit()
    make_zaak(db_session, town, approach=Approach.LETTER_SMS, signalled_on=last_month,
              result=Eindresultaat.VERVOLGHULP_FINANCIEEL, closed_at=utcnow(),
              contacts=[(Contactsoort.TELEFOON, True, last_month, Dagdeel.OCHTEND)])
    make_zaak(db_session, town, approach=Approach.CALL_VISIT, signalled_on=last_month,
              signals=[{"partner_type": SignaalpartnerType.ENERGIE}, {"partner_type": SignaalpartnerType.ZORG}],
              contacts=[(Contactsoort.HUISBEZOEK, False, last_month, Dagdeel.MIDDAG)])
    make_zaak(db_session, town, approach=Approach.CRISIS, signalled_on=today, crisis=True)
    make_zaak(db_session, municipalities["groningen"], signalled_on=last_month,
              contacts=[(Contactsoort.TELEFOON, True, last_month, Dagdeel.OCHTEND)])
    db_session.add_all([VisitCount(day=today, municipality="lansingerland", source="vroegsignalering", count=4),
                        VisitCount(day=today, municipality="groningen", source="vroegsignalering", count=9)])
    db_session.commit()
    return today, last_month


def table(soup, heading_id):
    rows = soup.find("table", attrs={"aria-labelledby": heading_id}).select("tbody tr")
    return {tr.th.get_text(): [" ".join(td.get_text().split()) for td in tr.select("td")] for tr in rows}


def text_of(soup, element_id):
    return " ".join(soup.find(id=element_id).find_parent("section").get_text(" ").split())


def test_early_warning_figures_per_month_partner_type_and_approach(client, staff, db_session, municipalities):
    today, last_month = households(db_session, municipalities)
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    months = table(soup, "early-warning-months")
    previous = months[next(name for name in months if name.startswith(("januari", "februari", "maart", "april",
                                                                       "mei", "juni", "juli", "augustus", "september",
                                                                       "oktober", "november", "december"))
                           and name.endswith(str(last_month.year)) and months[name][0] == "3")]
    # 3 signals of 2 households on 2 000 inhabitants: 1,5 per 1 000
    assert previous == ["3", "1,5", "2", "50% (1 van 2)", "50% (1 van 2)", "0"]
    assert list(months.values())[-1] == ["1", "maand loopt nog", "1", "0% (0 van 1)", "0% (0 van 1)", "4"]
    assert sum(int(cells[0]) for cells in months.values()) == 4, "only this municipality's signals"

    first = week_start(today) - timedelta(weeks=WEEKS - 1)
    whole = (today.year * 12 + today.month) - (first.year * 12 + first.month)
    average = f"{round(3000 / (2_000 * whole), 2):g}".replace(".", ",")
    rate = text_of(soup, "early-warning-rate")
    assert f"{average} Gemiddelde over {whole} hele maanden, bij 2.000 inwoners." in rate
    shares = text_of(soup, "early-warning-shares")
    assert "33,3% bereikt: 1 van 3 huishoudens" in shares
    assert "33,3% hulp aanvaard: 1 van 3 huishoudens" in shares
    assert "Bezoeken via de link in een brief (anoniem geteld): 4" in shares

    assert table(soup, "early-warning-partners") == {
        "Energiebedrijf": ["1", "1", "0% (0 van 1)", "0% (0 van 1)"],
        "Verhuurder": ["2", "2", "50% (1 van 2)", "50% (1 van 2)"],
        "Zorgverzekeraar": ["1", "1", "0% (0 van 1)", "0% (0 van 1)"],
    }
    assert table(soup, "early-warning-approaches") == {
        "Brief of kaartje, en een sms": ["1", "1", "100% (1 van 1)", "100% (1 van 1)"],
        "Bellen, daarna huisbezoek": ["2", "1", "0% (0 van 1)", "0% (0 van 1)"],
        "Crisis: snel een eerste gesprek": ["1", "1", "0% (0 van 1)", "0% (0 van 1)"],
    }
    assert "J. de Vries" not in soup.get_text() and "Dorpsstraat" not in soup.get_text()


def test_without_inhabitants_the_rate_is_unknown(client, staff, db_session, municipalities):
    households(db_session, municipalities)
    municipalities["lansingerland"].inhabitants = None
    db_session.commit()
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    assert "onbekend Het aantal inwoners van de gemeente is niet ingevuld." in text_of(soup, "early-warning-rate")
    months = table(soup, "early-warning-months")
    assert [cells[1] for cells in months.values()][:-1] == ["onbekend"] * (len(months) - 1)


def test_without_signals_nothing_to_measure(client, staff):
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/cijfers"))
    assert "nog niets te meten" in text_of(soup, "early-warning-shares")
    partners = soup.find("table", attrs={"aria-labelledby": "early-warning-partners"})
    assert [" ".join(tr.get_text().split()) for tr in partners.select("tbody tr")] == ["Geen signalen in deze periode."]


def download(client, table_name):
    response = client.get("/werkplek/cijfers.csv", query_string={"tabel": table_name})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def test_early_warning_csv_tables_and_downloads_logged(client, staff, db_session, municipalities):
    _, last_month = households(db_session, municipalities)
    log_in(client, "regisseur")
    months = download(client, "vroegsignalering-maanden")
    assert months[0] == ["month", "whole_month", "signals", "per_1000_inhabitants", "households", "reached",
                         "reached_base", "percent_reached", "accepted_help", "accepted_help_base",
                         "percent_accepted_help", "letter_visits"]
    assert [last_month.strftime("%Y-%m"), "1", "3", "1.5", "2", "1", "2", "50.0", "1", "2", "50.0", "0"] in months
    assert all(len(row) == 12 for row in months)
    partners = download(client, "vroegsignalering-signaalpartners")
    assert partners[0][:4] == ["partner_type", "label", "signals", "households"]
    assert ["Huur", "Verhuurder", "2", "2", "1", "2", "50.0", "1", "2", "50.0"] in partners
    approaches = download(client, "vroegsignalering-aanpak")
    assert [row[0] for row in approaches[1:]] == ["letter_sms", "call_visit", "crisis"]
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "download_monitoring")).all()
    assert [entry.detail.split(",")[0] for entry in entries] == [
        "table vroegsignalering-maanden", "table vroegsignalering-signaalpartners", "table vroegsignalering-aanpak"]
