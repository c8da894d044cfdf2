"""Warm handover as a process, as the coordinator and a partner caseworker use it in the workspace."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.handover import OverdrachtState
from portal.models import Aanmelding, AuditEntry, CaseEvent, Overdracht
from portal.rules.deadlines import local_date
from portal.rules.handover import due_on
from portal.services import handovers
from tests.client_request import ClientRequest
from tests.staff_fixtures import handed_over, log_in, partner_named

WHY = "Wil hulp bij het ordenen van de post."
OWN_WORDS = "Ik slaap slecht door de brieven."


def _case(make_case, consent=None, **kwargs):
    answers = {"situatie": {"topics": ["rent"], "own_words": OWN_WORDS, "group": None}}
    if consent:
        answers["toestemming"] = {"consent": True, "share": consent}
    return make_case(status="contacted", phone="+31612345678", channels=["phone"], answers=answers, **kwargs)


def _hand_over(client_request, case, db_session, partner="Kwadraad", why=WHY):
    return client_request.post("staff.hand_over_case", case_id=case.id, _follow_redirects=True,
                               _data={"partner_id": partner_named(db_session, partner).id, "why": why})


def test_the_coordinator_hands_over_with_a_reason_and_the_case_shows_it(client, client_request, staff, make_case,
                                                                         db_session):
    case = _case(make_case, consent="all")
    log_in(client, "regisseur")
    shown = _hand_over(client_request, case, db_session)
    assert "De zaak is overgedragen aan Kwadraad." in shown.get_text()
    assert "Overdracht aan Kwadraad: overgedragen, wacht op de partner" in shown.select_one("#overdracht").get_text()
    db_session.expire_all()
    handover = db_session.scalars(select(Overdracht)).one()
    assert (handover.why, handover.state, handover.partner.name) == (WHY, OverdrachtState.HANDED_OVER, "Kwadraad")
    assert handover.due_on == due_on(local_date(utcnow()), 5), "Lansingerland's 5 working days"
    assert db_session.get(Aanmelding, case.id).status == "handed_over"
    events = db_session.scalars(select(CaseEvent).where(CaseEvent.aanmelding_id == case.id)).all()
    assert [(e.kind, e.data.get("state")) for e in events] == [("handover", "handed_over")], "one timeline event"


def test_a_handover_needs_why_and_a_partner_of_the_own_municipality(client, client_request, staff, make_case,
                                                                     db_session):
    case = _case(make_case)
    log_in(client, "regisseur")
    assert "Schrijf waarom u de zaak overdraagt." in _hand_over(client_request, case, db_session, why=" ").get_text()
    gkb = partner_named(db_session, "Groningse Kredietbank (GKB)", "groningen")
    shown = client_request.post("staff.hand_over_case", case_id=case.id, _follow_redirects=True,
                                _data={"partner_id": gkb.id, "why": WHY})
    assert "Kies aan welke partner u overdraagt." in shown.get_text()
    db_session.expire_all()
    assert db_session.scalars(select(Overdracht)).all() == []
    assert db_session.get(Aanmelding, case.id).status == "contacted"


def test_a_new_case_is_not_handed_over_before_first_contact(client, client_request, staff, make_case, db_session):
    case = make_case()
    log_in(client, "regisseur")
    shown = _hand_over(client_request, case, db_session)
    assert "Deze stap kan niet vanuit de huidige status." in shown.get_text()
    assert db_session.scalars(select(Overdracht)).all() == []


def test_a_caseworker_lands_on_their_start_page_with_the_waiting_handover_and_its_due_date(client, staff, make_case,
                                                                                          db_session):
    case = _case(make_case)
    late_case = _case(make_case)
    handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    handed_over(db_session, staff["regisseur"], late_case, "Kwadraad", today=local_date(utcnow()) - timedelta(days=30))
    response = log_in(client, "partner")
    assert response.headers["Location"] == "/werkplek/start"
    start = ClientRequest(client).get("staff.show_start")
    waiting = start.select_one("#waiting-title").parent
    items = {li.a.get_text(strip=True): li.get_text(" ", strip=True) for li in waiting.select("li")}
    assert set(items) == {f"Zaak {case.reference}", f"Zaak {late_case.reference}"}
    assert "te laat" in items[f"Zaak {late_case.reference}"] and "te laat" not in items[f"Zaak {case.reference}"]
    assert "antwoord uiterlijk" in items[f"Zaak {case.reference}"]
    nav = [a.get_text() for a in start.select("nav.staff-nav a")]
    assert "Wachtrij" not in nav and "Samen invullen" in nav and "Mijn startpagina" in nav


def test_another_partner_sees_nothing_of_it(client, staff, make_case, db_session):
    case = _case(make_case, consent="all")
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    log_in(client, "partner_b")
    request = ClientRequest(client)
    assert case.reference not in request.get("staff.show_start").get_text()
    request.get("staff.show_case", case_id=case.id, _expected_status=403)
    request.post("staff.accept_handover", handover_id=handover.id, _expected_status=404)
    db_session.expire_all()
    assert db_session.get(Overdracht, handover.id).state == OverdrachtState.HANDED_OVER


def test_accepting_makes_it_theirs_and_the_coordinator_sees_geaccepteerd(client, client_request, staff, make_case,
                                                                          db_session):
    case = _case(make_case, consent="contact")
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    log_in(client, "partner")
    shown = ClientRequest(client).post("staff.accept_handover", handover_id=handover.id, _follow_redirects=True)
    assert "U heeft de zaak geaccepteerd." in shown.get_text()
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).assigned_to_id == staff["partner"].id
    assert db_session.get(Overdracht, handover.id).decided_by_id == staff["partner"].id
    again = ClientRequest(client).post("staff.accept_handover", handover_id=handover.id, _follow_redirects=True)
    assert "Over deze overdracht is al beslist." in again.get_text()
    coordinator = app_client(client)
    log_in(coordinator, "regisseur")
    page = ClientRequest(coordinator).get("staff.show_case", case_id=case.id)
    assert "Overdracht aan Kwadraad: geaccepteerd" in page.select_one("#overdracht").get_text()
    assert "overdracht aan Kwadraad: geaccepteerd" in page.select_one(".timeline").get_text(" ")


def app_client(client):
    return client.application.test_client()


def test_returning_needs_a_reason_and_puts_the_case_back_in_the_queue(client, staff, make_case, db_session):
    case = _case(make_case, assigned_to_id=None)
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    log_in(client, "partner")
    request = ClientRequest(client)
    refused = request.post("staff.return_handover", handover_id=handover.id, _follow_redirects=True,
                           _data={"return_reason": ""})
    assert "Schrijf waarom u de zaak terugstuurt." in refused.get_text()
    request.post("staff.return_handover", handover_id=handover.id, _data={"return_reason": "Past niet bij ons."})
    db_session.expire_all()
    returned = db_session.get(Overdracht, handover.id)
    assert (returned.state, returned.return_reason) == (OverdrachtState.RETURNED, "Past niet bij ons.")
    aanmelding = db_session.get(Aanmelding, case.id)
    assert aanmelding.status == "contacted" and aanmelding.assigned_to_id == staff["regisseur"].id
    request.get("staff.show_case", case_id=case.id, _expected_status=403)
    coordinator = app_client(client)
    log_in(coordinator, "regisseur")
    assert case.reference in ClientRequest(coordinator).get("staff.show_queue").get_text(), "open again"


def _partner_page(client, case_id):
    log_in(client, "partner")
    return ClientRequest(client).get("staff.show_case", case_id=case_id)


def test_without_consent_the_partner_sees_only_reference_first_name_and_to_call_the_coordinator(client, staff,
                                                                                                  make_case,
                                                                                                  db_session):
    case = _case(make_case, call_name="Fatima")
    handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    text = _partner_page(client, case.id).get_text(" ")
    assert case.reference in text and "Fatima" in text
    assert "Bel eerst de ketenregisseur, Regisseur" in text
    assert "06 12345678" not in text and "+31612345678" not in text and OWN_WORDS not in text


def test_consent_for_contact_shows_the_phone_but_not_the_own_words(client, staff, make_case, db_session):
    case = _case(make_case, consent="contact")
    handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    text = _partner_page(client, case.id).get_text(" ")
    assert "06 12345678" in text and OWN_WORDS not in text
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "view_case_partner")).one()
    assert entry.staff_id == staff["partner"].id and entry.detail.endswith("shown=contact")


def test_consent_for_all_shows_the_situation_too_and_every_view_is_logged(client, staff, make_case, db_session):
    case = _case(make_case, consent="all")
    handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    assert OWN_WORDS in _partner_page(client, case.id).get_text(" ")
    ClientRequest(client).get("staff.show_case", case_id=case.id)
    details = db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "view_case_partner")).all()
    assert details == [details[0]] * 2 and details[0].endswith("shown=contact,money_check,situation")


def test_consent_recorded_after_a_call_widens_what_the_partner_sees(client, client_request, staff, make_case,
                                                                     db_session):
    case = _case(make_case)
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    assert handover.field_groups == []
    log_in(client, "regisseur")
    shown = client_request.post("staff.record_share_consent", case_id=case.id, _follow_redirects=True,
                                _data={"share_consent": "contact"})
    assert "toestemming om te delen vastgelegd: Alleen naam en contactgegevens" in shown.select_one(
        ".timeline").get_text(" ")
    db_session.expire_all()
    assert db_session.get(Overdracht, handover.id).field_groups == ["contact"]
    assert "06 12345678" in _partner_page(app_client(client), case.id).get_text(" ")


def test_a_caseworker_opens_a_sign_up_they_filled_in_with_a_client(client, staff, make_case):
    case = make_case(assisted_by=staff["partner"].id, call_name="Samen")
    log_in(client, "partner")
    request = ClientRequest(client)
    assert case.reference in request.get("staff.show_start").select_one("#assisted-title").parent.get_text()
    assert "Samen" in request.get("staff.show_case", case_id=case.id).get_text()


def test_the_overview_shows_each_state_per_partner(client, client_request, staff, make_case, db_session):
    accepted = handed_over(db_session, staff["regisseur"], _case(make_case), "Kwadraad")
    handovers.accept(db_session, staff["partner"], accepted.id)
    handed_over(db_session, staff["regisseur"], _case(make_case), "PLANgroep",
                today=local_date(utcnow()) - timedelta(days=30))
    log_in(client, "regisseur")
    page = client_request.get("staff.show_handovers")
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in page.select("tbody tr") if tr.th}
    # handed over, waiting, accepted, accepted in time, returned, late
    assert rows["Kwadraad"] == ["1", "0", "1", "1", "0", "0"]
    assert rows["PLANgroep"] == ["1", "1", "0", "0", "0", "1"]
    late = client_request.get("staff.show_handovers", state="overdue").select("table")[1].select("tbody tr")
    assert [tr.select("td")[1].get_text() for tr in late] == ["PLANgroep"]
    assert "geaccepteerd" in client_request.get("staff.show_handovers", state="accepted").get_text()


def test_partner_counts_for_a_period(staff, make_case, db_session):
    today = local_date(utcnow())
    in_time = handed_over(db_session, staff["regisseur"], _case(make_case), "Kwadraad")
    handovers.accept(db_session, staff["partner"], in_time.id)
    returned = handed_over(db_session, staff["regisseur"], _case(make_case), "Kwadraad")
    handovers.send_back(db_session, staff["partner"], returned.id, "Past niet")
    handed_over(db_session, staff["regisseur"], _case(make_case), "Kwadraad", today=today - timedelta(days=30))
    counts = {row.partner.name: row for row in handovers.partner_counts(db_session, staff["regisseur"], today=today)}
    kwadraad = counts["Kwadraad"]
    assert (kwadraad.handed_over, kwadraad.accepted, kwadraad.accepted_in_time, kwadraad.returned,
            kwadraad.overdue) == (3, 1, 1, 1, 1)
    assert counts["PLANgroep"].handed_over == 0 and "Groningse Kredietbank (GKB)" not in counts
    later = handovers.partner_counts(db_session, staff["regisseur"], today=today, since=utcnow() + timedelta(hours=1))
    assert sum(row.handed_over for row in later) == 0, "only handovers made in the period"


def test_monitoring_shows_handovers_per_partner(client, client_request, staff, make_case, db_session):
    accepted = handed_over(db_session, staff["regisseur"], _case(make_case), "Kwadraad")
    handovers.accept(db_session, staff["partner"], accepted.id)
    log_in(client, "regisseur")
    table = client_request.get("staff.show_monitoring").select_one("#handovers-title").find_next("table")
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")}
    assert rows["Kwadraad"] == ["1", "1", "1", "0", "0"] and rows["PLANgroep"] == ["0", "0", "0", "0", "0"]


def test_why_and_the_return_reason_are_encrypted_at_rest(staff, make_case, db_session):
    from tests.conftest import raw_dump

    case = _case(make_case)
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad", why="Schaamt zich voor de buren")
    handovers.send_back(db_session, staff["partner"], handover.id, "Woont bij zijn moeder in Delft")
    dump = raw_dump(db_session)
    assert "overdracht" in dump and "Schaamt zich" not in dump and "Delft" not in dump
