"""The after-care pages: the queue with its badges and filter, one after-care with the check-in answers, the actions,
and the after-care line and timeline on the case page."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.aftercare import NazorgState
from portal.models import AuditEntry
from tests.aftercare_fixtures import make_traject, months_ago
from tests.staff_fixtures import log_in


def _rows(soup):
    return [[cell.get_text(" ", strip=True) for cell in tr.select("td")] for tr in soup.select("tbody tr")]


def test_the_queue_shows_who_wants_a_call_on_top_with_badges(client, client_request, staff, db_session, make_case):
    make_traject(db_session, make_case(call_name="Later"))
    make_traject(db_session, make_case(call_name="Verlopen"), started_on=months_ago(1, days=20))
    caller = make_traject(db_session, make_case(call_name="Beller"), call_requested_at=utcnow(),
                          signal_at=utcnow(), assigned_to_id=staff["regisseur"].id)
    make_traject(db_session, make_case(call_name="Klaar"), state=NazorgState.ENDED, ended_on=months_ago(1),
                 end_reason="needs_nothing")
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_aftercare_queue")
    rows = _rows(soup)
    assert [row[1] for row in rows] == ["Beller", "Verlopen", "Later"]
    assert "Wil gebeld worden" in rows[0][3] and "Nieuw vroegsignaal" in rows[0][3]
    assert "Contactmoment verlopen" in rows[1][3] and "verlopen" not in rows[2][3]
    assert rows[0][0] == caller.aanmelding.reference and rows[0][4] == staff["regisseur"].name
    ended = _rows(client_request.get("staff.show_aftercare_queue", toon="afgerond"))
    assert [row[1] for row in ended] == ["Klaar"] and "inwoner heeft niets meer nodig" in ended[0][3]
    nav = soup.select_one("nav.staff-nav")
    assert nav.find("a", string="Nazorg")["href"] == "/werkplek/nazorg"


def test_the_aftercare_page_shows_the_checkin_answers_with_labels_and_is_audit_logged(client, client_request, staff,
                                                                                       db_session, make_case):
    traject = make_traject(db_session, make_case(call_name="Anna"), started_on=months_ago(1, days=3))
    first = traject.moments[0]
    first.answered_at, first.done_on, first.money_now, first.new_bills, first.wants_call = \
        utcnow() - timedelta(days=2), first.due_on, "so_so", False, True
    db_session.commit()
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_aftercare", traject_id=traject.id)
    answers = soup.select_one(".checkin-answers").get_text(" ", strip=True)
    assert "Hoe gaat het nu met geld? Het gaat" in answers and "Wil gebeld worden? ja" in answers
    assert "Nieuwe rekeningen die niet lukken? nee" in answers
    moments = soup.select(".aftercare-moments > li")
    assert len(moments) == 3 and "gedaan op" in moments[0].get_text() and "Na 1 maand," in moments[0].get_text()
    assert soup.find("a", string=f"Naar zaak {traject.aanmelding.reference}") is not None
    logged = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "view_aftercare")).one()
    assert logged.aanmelding_id == traject.aanmelding_id


def test_a_contact_without_a_kind_is_refused_next_to_the_field_keeping_the_note(client, client_request, staff,
                                                                              db_session, make_case):
    traject = make_traject(db_session, make_case(phone="0612345678"))
    log_in(client, "regisseur")
    soup = client_request.post("staff.log_aftercare_contact", traject_id=traject.id,
                               _data={"kind": "", "reached": "yes", "moment": "1", "note": "Gaat beter"},
                               _expected_status=200)
    assert "Kies hoe u contact zocht." in soup.select_one(".field-error").get_text()
    assert soup.select_one("textarea[name=note]").get_text().strip() == "Gaat beter"
    soup = client_request.post("staff.log_aftercare_contact", traject_id=traject.id,
                               _data={"kind": "call", "reached": "yes", "moment": "x"}, _expected_status=200)
    assert "Kies een van de contactmomenten" in soup.select_one(".field-error").get_text()


def test_a_logged_contact_shows_on_the_aftercare_and_in_the_case_timeline(client, client_request, staff, db_session,
                                                                         make_case):
    traject = make_traject(db_session, make_case(phone="0612345678"), started_on=months_ago(1))
    log_in(client, "regisseur")
    client_request.post("staff.log_aftercare_contact", traject_id=traject.id,
                        _data={"kind": "call", "reached": "yes", "moment": "1", "note": "Alles op orde"},
                        _expected_redirect=f"/werkplek/nazorg/{traject.id}")
    soup = client_request.get("staff.show_aftercare", traject_id=traject.id)
    assert "Gebeld – gesproken (contactmoment 1)" in soup.select_one("ol.attempts").get_text(" ", strip=True)
    case_page = client_request.get("staff.show_case", case_id=traject.aanmelding_id)
    timeline = case_page.select_one("ol.timeline").get_text(" ", strip=True)
    assert "nazorg: Gebeld, gesproken (contactmoment 1)" in timeline and "Alles op orde" in timeline
    line = case_page.select_one(".aftercare-line")
    assert "Nazorg: loopt, volgend contactmoment" in line.get_text(" ", strip=True)
    assert line.find("a")["href"] == f"/werkplek/nazorg/{traject.id}"


def test_ending_and_seeing_the_signal_are_saved(client, client_request, staff, db_session, make_case):
    traject = make_traject(db_session, make_case(), signal_at=utcnow())
    log_in(client, "regisseur")
    client_request.post("staff.mark_aftercare_signal_seen", traject_id=traject.id,
                        _expected_redirect=f"/werkplek/nazorg/{traject.id}")
    client_request.post("staff.end_aftercare", traject_id=traject.id,
                        _expected_redirect=f"/werkplek/nazorg/{traject.id}")
    db_session.expire_all()
    assert traject.signal_at is None and traject.state == NazorgState.ENDED
    soup = client_request.get("staff.show_aftercare", traject_id=traject.id)
    assert soup.select_one("#contact") is None, "no more contacts on ended after-care"
    assert "Inwoner heeft niets meer nodig" in soup.select_one("main").get_text()
