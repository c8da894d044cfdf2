import pytest

from portal.db import utcnow
from portal.rules import deadlines
from tests.conftest import page
from tests.staff_fixtures import log_in


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


def test_monitoring_csv(client, staff, make_case):
    make_case(crisis=True)
    log_in(client, "regisseur")
    response = client.get("/werkplek/cijfers.csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("week,signups,signups_crisis")
    assert sum(int(line.split(",")[1]) for line in lines[1:13]) == 1


@pytest.mark.parametrize("weeks", [deadlines.LEGAL_WEEKS, 6])
def test_monitoring_names_the_legal_limit(client, staff, monkeypatch, weeks):
    monkeypatch.setattr(deadlines, "LEGAL_WEEKS", weeks)
    log_in(client, "regisseur")
    assert f"Binnen de wettelijke {weeks} weken" in page(client.get("/werkplek/cijfers")).get_text()
