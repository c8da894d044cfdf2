"""Brieven (portal/staff/letter_views.py): the letters waiting to be printed, one PDF, "posted", a case's letter."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select
from weasyprint import HTML

from portal.models import AuditEntry, OutboxMessage
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.letter_fixtures import ADDRESS, queue_letter
from tests.staff_fixtures import log_in


def _audit(db_session, action: str) -> list[AuditEntry]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _letters(db_session, make_case, count: int, municipality: str = "lansingerland"):
    return [queue_letter(db_session, make_case(municipality, call_name=f"Bewoner{n}",
                                               answers={"contact": {"postal_address": ADDRESS}}))
            for n in range(count)]


def test_the_list_shows_this_municipalitys_waiting_letters_without_addresses(client, db_session, staff, make_case):
    mine = _letters(db_session, make_case, 2)
    _letters(db_session, make_case, 1, "groningen")
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/brieven"))
    rows = [row.get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert [row.split()[0] for row in rows] == [letter.aanmelding.reference for letter in mine]
    assert all("Bevestiging van de aanmelding" in row for row in rows)
    assert "Dorpsstraat" not in soup.get_text() and "Bewoner" not in soup.get_text()
    assert soup.select_one("nav.staff-nav a[href='/werkplek/brieven']") is not None
    assert _audit(db_session, "letters_viewed")[-1].detail == "waiting: 2"


def test_the_days_pdf_holds_this_municipalitys_letters_each_on_its_own_page(client, db_session, staff, make_case,
                                                                              app, monkeypatch):
    mine = _letters(db_session, make_case, 3)
    _letters(db_session, make_case, 1, "groningen")
    log_in(client, "regisseur")
    link = page(client.get("/werkplek/brieven")).find("a", string="Download de brieven van vandaag als één PDF")
    later = _letters(db_session, make_case, 1)[0]  # queued after the page was shown: not in this PDF
    rendered = []
    from portal import letters as letter_pdf
    real = letter_pdf.letters_html
    monkeypatch.setattr(letter_pdf, "letters_html", lambda found, **kw: rendered.append(r := real(found, **kw)) or r)
    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="brieven-')
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF-")
    [html] = [r.html for r in rendered]
    soup = BeautifulSoup(html, "html.parser")
    references = [a.select_one(".reference").get_text(strip=True) for a in soup.select("article.letter")]
    assert references == [letter.aanmelding.reference for letter in mine]
    assert later.aanmelding.reference not in html and "Groningen" not in html
    assert len(HTML(string=html).render().pages) == 3
    assert _audit(db_session, "letters_downloaded")[-1].detail == f"letters: 3; up to: {mine[-1].id}"


def test_posted_marks_the_listed_letters_sent_with_the_time_and_leaves_a_newer_one_waiting(client, db_session,
                                                                                            staff, make_case):
    shown = _letters(db_session, make_case, 2)
    theirs = _letters(db_session, make_case, 1, "groningen")[0]
    log_in(client, "regisseur")
    page(client.get("/werkplek/brieven"))
    newer = _letters(db_session, make_case, 1)[0]
    ClientRequest(client).post("staff.mark_letters_posted", _data={"up_to": shown[-1].id},
                               _expected_redirect="/werkplek/brieven")
    db_session.expire_all()
    states = {m.id: (m.state, m.sent_at is not None) for m in db_session.scalars(select(OutboxMessage))}
    assert [states[m.id] for m in shown] == [("sent", True)] * 2
    assert states[newer.id] == states[theirs.id] == ("queued", False)
    assert _audit(db_session, "letters_posted")[-1].detail == f"letters: 2; up to: {shown[-1].id}"
    soup = page(client.get("/werkplek/brieven"))
    assert [row.select_one("a").get_text() for row in soup.select("tbody tr")] == [newer.aanmelding.reference]


def test_a_single_letters_pdf_from_the_case_page(client, db_session, staff, make_case):
    [letter] = _letters(db_session, make_case, 1)
    log_in(client, "regisseur")
    soup = page(client.get(f"/werkplek/zaak/{letter.aanmelding_id}"))
    link = soup.select_one("#brieven a[href$='.pdf']")
    response = client.get(link["href"])
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "no-store"
    assert letter.aanmelding.reference in response.headers["Content-Disposition"]
    [entry] = _audit(db_session, "letter_downloaded")
    assert (entry.aanmelding_id, entry.detail) == (letter.aanmelding_id, "letters: 1")
    assert "Dorpsstraat" not in str([e.detail for e in db_session.scalars(select(AuditEntry))])


def test_another_municipalitys_coordinator_gets_no_letter(client, db_session, staff, make_case):
    [letter] = _letters(db_session, make_case, 1)
    log_in(client, "groningen")
    assert client.get(f"/werkplek/zaak/{letter.aanmelding_id}/brieven/{letter.id}.pdf").status_code == 404
    assert client.get(f"/werkplek/brieven/brieven.pdf?tot={letter.id}").status_code == 302  # none of theirs
    ClientRequest(client).post("staff.mark_letters_posted", _data={"up_to": letter.id})
    db_session.expire_all()
    assert db_session.get(OutboxMessage, letter.id).state == "queued"


def test_an_id_beyond_what_a_database_holds_is_no_letter_not_an_error(client, db_session, staff, make_case):
    """Found by the hostile-input walk: 2**63 overflowed SQLite's INTEGER (a 500)."""
    waiting = _letters(db_session, make_case, 1)[0]
    log_in(client, "regisseur")
    huge = str(2**63)
    assert client.get(f"/werkplek/brieven/brieven.pdf?tot={huge}").status_code < 500
    ClientRequest(client).post("staff.mark_letters_posted", _data={"up_to": huge},
                               _expected_redirect="/werkplek/brieven")
    db_session.expire_all()
    assert db_session.get(OutboxMessage, waiting.id).state == "queued"
