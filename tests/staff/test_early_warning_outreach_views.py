"""Vroegsignalen: uitnodigingen (portal/staff/early_warning_outreach_views.py), and the outreach letters on Brieven."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.models import OutboxMessage
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.early_warning_report_fixtures import make_zaak
from tests.staff_fixtures import log_in


def test_the_coordinator_invites_and_the_letters_wait_on_brieven_and_print(client, db_session, staff, municipalities,
                                                                           monkeypatch):
    zaken = [make_zaak(db_session, municipalities["lansingerland"]) for _ in range(2)]
    make_zaak(db_session, municipalities["groningen"])
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/vroegsignalen/uitnodigen"))
    assert "2 huishoudens wachten op een uitnodiging." in soup.get_text()
    request = ClientRequest(client)
    response = request.open("POST", "staff.invite_households")
    assert response.status_code == 302
    request.open("POST", "staff.invite_households")  # a double press
    soup = page(client.get("/werkplek/vroegsignalen/uitnodigen"))
    assert "Er wachten geen huishoudens op een uitnodiging." in soup.get_text()
    assert len(db_session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "letter")).all()) == 3 - 1

    letters_page = page(client.get("/werkplek/brieven"))
    rows = [row.get_text(" ", strip=True) for row in letters_page.select("tbody tr")]
    assert rows and all("Uitnodiging na een vroegsignaal" in row for row in rows) and len(rows) == 2
    assert "Dorpsstraat" not in letters_page.get_text()

    rendered = []
    from portal import letters as letter_pdf
    real = letter_pdf.letters_html
    monkeypatch.setattr(letter_pdf, "letters_html", lambda found, **kw: rendered.append(r := real(found, **kw)) or r)
    link = letters_page.find("a", string="Download de brieven van vandaag als één PDF")
    response = client.get(link["href"])
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    soup = BeautifulSoup(rendered[0].html, "html.parser")
    articles = soup.select("article.letter")
    assert len(articles) == len(zaken)
    text = articles[0].get_text(" ", strip=True)
    assert "Gemeente Lansingerland" in text and "Dorpsstraat" in text and "/b/" in text
    assert articles[0].select_one("svg.qr") is not None and articles[0].select_one(".reference") is None
    assert "412" not in text and "Woonzorg" not in text
