from datetime import timedelta

from sqlalchemy import func, select

from portal.db import utcnow
from portal.domain.early_warning import Approach, Eindresultaat
from portal.models import Aanmelding, AuditEntry, Vroegsignaalzaak
from portal.rules.deadlines import local_date
from tests.client_request import ClientRequest
from tests.early_warning_fixtures import Signal, make_household
from tests.staff_fixtures import log_in

HELP = Eindresultaat.VERVOLGHULP_FINANCIEEL.value


def _today():
    return local_date(utcnow())


def _attempt(**overrides):
    return {"soort": "Huisbezoek", "bereikt": "yes", "datum": _today().isoformat(), "dagdeel": "Middag",
            "note": "Thuis getroffen", **overrides}


def test_the_queue_shows_households_most_urgent_first_with_counts(client, client_request, staff, db_session):
    make_household(db_session, name="Later, Kim", postcode="2651 AB", due_in_days=9)
    make_household(db_session, name="Achter, Sam", postcode="2652 CD", due_in_days=-2,
                   signals=[Signal("Huur", 400), Signal("Energie", 120)])
    make_household(db_session, name="Crisis, Noor", postcode="2653 EF", approach=Approach.CRISIS,
                   signals=[Signal("Huur", 1200, crisis=True)])
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_early_warning_queue")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.select("td")] for tr in soup.select("tbody tr")]
    assert [row[0] for row in rows] == ["Crisis 2653", "Achter 2652", "Later 2651"]
    assert "Verhuurder, Energiebedrijf" in rows[1][1] or "Energiebedrijf, Verhuurder" in rows[1][1]
    assert rows[1][2] == "€\xa0520" and "te laat" in rows[1][4] and "te laat" not in rows[2][4]
    assert rows[0][3] == "Crisis: snel een eerste gesprek"
    counts = soup.select_one(".queue-counts").get_text(" ", strip=True)
    assert "3 open" in counts and "1 in crisis" in counts and "1 te laat" in counts
    assert soup.select_one("td a bdi") is not None, "names in their own direction"
    links = {a["href"] for a in soup.select("main a")}
    assert {"/werkplek/vroegsignalen/uitnodigen", "/werkplek/vroegsignalen/importeren"} <= links, \
        "the queue leads to importing and inviting"


def test_the_queue_filters_by_partner_type(client, client_request, staff, db_session):
    make_household(db_session, name="Water, Wim", signals=[Signal("Water", 70)])
    make_household(db_session, name="Huur, Hans")
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_early_warning_queue", partner_type="Water")
    assert [a.get_text(" ", strip=True) for a in soup.select("tbody td a")] == ["Water 2651"]


def test_the_household_page_shows_signals_approach_and_contact_and_is_audit_logged(client, client_request, staff,
                                                                                   db_session):
    zaak = make_household(db_session, name="Petra Jansen", phone="0612345678", approach=Approach.CALL_VISIT,
                          signals=[Signal("Huur", 450, "Woonzorg"), Signal("Zorg", 95, "CZ", days_ago=1)])
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_early_warning_case", zaak_id=zaak.id)
    signals = soup.select_one("#signals-title").parent.get_text(" ", strip=True)
    assert "Verhuurder: Woonzorg" in signals and "Zorgverzekeraar: CZ" in signals
    assert "€\xa0450" in signals and "totaal €\xa0545" in signals and "Nog niet opgepakt" in signals
    assert "Bellen, daarna huisbezoek" in soup.select_one("#approach-title").parent.get_text()
    contact = soup.select_one("section.attention").get_text(" ", strip=True)
    assert "Dorpsstraat 12, 2651 AB Berkel en Rodenrijs" in contact and "06 12345678" in contact
    entries = db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "view_early_warning")).all()
    assert entries == [f"vroegsignaalzaak:{zaak.id}"]


def test_logging_a_reached_home_visit_marks_the_household_picked_up(client, client_request, staff, db_session):
    zaak = make_household(db_session)
    log_in(client, "regisseur")
    soup = client_request.post("staff.log_early_warning_attempt", zaak_id=zaak.id, _data=_attempt(),
                               _follow_redirects=True)
    assert "Opgeslagen: contactpoging ‘Huisbezoek’." in soup.get_text()
    attempts = soup.select_one("ol.attempts").get_text(" ", strip=True)
    assert "middag: Huisbezoek – bereikt" in attempts and "Thuis getroffen" in attempts
    assert "Opgepakt" in soup.select_one("#signals-title").parent.get_text()
    db_session.expire_all()
    assert db_session.get(Vroegsignaalzaak, zaak.id).picked_up_on == _today()


def test_a_wrong_attempt_shows_kind_errors_next_to_the_fields_and_keeps_what_was_typed(client, client_request,
                                                                                       staff, db_session):
    zaak = make_household(db_session)
    log_in(client, "regisseur")
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    soup = client_request.post("staff.log_early_warning_attempt", zaak_id=zaak.id, _expected_status=200,
                               _data=_attempt(soort="", datum=tomorrow, note="Buurvrouw zegt: na vijven thuis"))
    assert soup.select_one("#soort-error").get_text(" ", strip=True).endswith("Kies hoe u contact zocht.")
    assert soup.select_one("textarea[name=note]").get_text().strip() == "Buurvrouw zegt: na vijven thuis"
    assert soup.select_one("input[name=datum]")["value"] == tomorrow
    soup = client_request.post("staff.log_early_warning_attempt", zaak_id=zaak.id, _expected_status=200,
                               _data=_attempt(datum=tomorrow))
    assert "nog niet geweest" in soup.select_one("#datum-error").get_text()
    db_session.expire_all()
    assert db_session.get(Vroegsignaalzaak, zaak.id).contactpogingen == []


def test_closing_with_help_accepted_creates_one_linked_sign_up_in_the_queue(client, client_request, staff,
                                                                            db_session):
    zaak = make_household(db_session, name="Petra Jansen", phone="0612345678")
    log_in(client, "regisseur")
    client_request.post("staff.log_early_warning_attempt", zaak_id=zaak.id, _data=_attempt())
    soup = client_request.post("staff.close_early_warning_case", zaak_id=zaak.id, _data={"result": HELP},
                               _follow_redirects=True)
    case = db_session.scalars(select(Aanmelding)).one()
    assert f"De aanmelding {case.reference} staat in de wachtrij." in soup.get_text()
    assert soup.select_one(f"a[href='/werkplek/zaak/{case.id}']") is not None
    # A double submit (the back button, a second tap) makes no second sign-up.
    again = client_request.post("staff.close_early_warning_case", zaak_id=zaak.id, _data={"result": HELP},
                                _follow_redirects=True)
    assert "Deze zaak was al afgesloten." in again.get_text()
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 1
    queue = client_request.get("staff.show_queue")
    assert case.reference in queue.select_one("tbody").get_text()
    page = client_request.get("staff.show_case", case_id=case.id)
    back = page.select_one(".from-early-warning")
    assert "Uit vroegsignalering" in back.get_text()
    assert back.select_one("a")["href"] == f"/werkplek/vroegsignalen/{zaak.id}"


def test_help_accepted_without_a_reached_attempt_is_refused_next_to_the_field(client, client_request, staff,
                                                                              db_session):
    zaak = make_household(db_session)
    log_in(client, "regisseur")
    soup = client_request.post("staff.close_early_warning_case", zaak_id=zaak.id, _data={"result": HELP},
                               _expected_status=200)
    assert "Leg eerst een contactpoging vast" in soup.select_one("#result-error").get_text()
    assert soup.select_one("select[name=result] option[selected]")["value"] == HELP, "the choice is kept"
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 0


def test_another_municipality_gets_404_and_changes_nothing(app, staff, db_session):
    zaak = make_household(db_session)
    client = app.test_client()
    log_in(client, "groningen")
    request = ClientRequest(client)
    request.get("staff.show_early_warning_case", zaak_id=zaak.id, _expected_status=404)
    request.post("staff.log_early_warning_attempt", zaak_id=zaak.id, _data=_attempt(), _expected_status=404)
    request.post("staff.close_early_warning_case", zaak_id=zaak.id, _data={"result": "Overige"},
                 _expected_status=404)  # a form error shows the page again: not theirs either
    request.post("staff.close_early_warning_case", zaak_id=zaak.id,
                 _data={"result": Eindresultaat.GEEN_CONTACT.value}, _expected_status=404)
    request.post("staff.claim_early_warning_case", zaak_id=zaak.id, _expected_status=404)
    assert "Petra" not in request.get("staff.show_early_warning_queue").get_text()
    db_session.expire_all()
    zaak = db_session.get(Vroegsignaalzaak, zaak.id)
    assert (zaak.result, zaak.assigned_to_id, zaak.contactpogingen) == (None, None, [])


def test_a_partner_caseworker_gets_403(client, client_request, staff, db_session):
    zaak = make_household(db_session)
    log_in(client, "partner")
    client_request.get("staff.show_early_warning_queue", _expected_status=403)
    client_request.get("staff.show_early_warning_case", zaak_id=zaak.id, _expected_status=403)
    client_request.get("staff.show_home_visits", _expected_status=403)
    assert "Vroegsignalen" not in client_request.get("staff.show_start").select_one("nav.staff-nav").get_text()


def test_the_menu_leads_coordinators_to_the_early_warning_queue(client, client_request, staff):
    log_in(client, "regisseur")
    nav = client_request.get("staff.show_queue").select_one("nav.staff-nav")
    assert nav.find("a", string="Vroegsignalen")["href"] == "/werkplek/vroegsignalen"


def test_claiming_and_the_loser_sees_who_has_it(app, client, client_request, staff, db_session):
    zaak = make_household(db_session)
    log_in(client, "regisseur")
    client_request.post("staff.claim_early_warning_case", zaak_id=zaak.id)
    colleague = app.test_client()
    log_in(colleague, "collega")
    text = ClientRequest(colleague).post("staff.claim_early_warning_case", zaak_id=zaak.id,
                                         _follow_redirects=True).get_text()
    assert "Deze zaak is al opgepakt door Regisseur." in text


def test_the_home_visit_list_of_a_day_links_to_logging_the_visit(client, client_request, staff, db_session):
    day = _today() + timedelta(days=2)
    zaak = make_household(db_session, name="Bezoek, Bo", due_on=day)
    make_household(db_session, name="Brief, Ben", approach=Approach.LETTER_SMS, due_on=day)
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_home_visits", dag=day.isoformat())
    visits = soup.select("li.visit")
    assert [v.select_one("h2").get_text(" ", strip=True) for v in visits] == ["Bezoek, Bo"]
    assert "Dorpsstraat 12, 2651 AB" in visits[0].select_one(".visit-address").get_text()
    link = visits[0].select_one("a.visit-log")["href"]
    assert link == f"/werkplek/vroegsignalen/{zaak.id}?soort=Huisbezoek#contactpoging"
    form = client_request.get("staff.show_early_warning_case", zaak_id=zaak.id, soort="Huisbezoek")
    assert form.select_one("select[name=soort] option[selected]")["value"] == "Huisbezoek"
    today = client_request.get("staff.show_home_visits")
    assert today.select("li.visit") == [], "today: not due yet"
    assert today.select_one("input[name=dag]")["value"] == _today().isoformat(), "the field shows the list's day"
    wrong = client_request.get("staff.show_home_visits", dag="31-02-2026")
    assert "Schrijf de dag zo" in wrong.select_one("#dag-error").get_text()
