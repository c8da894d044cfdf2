import threading

import pytest
from sqlalchemy import select

from portal.models import Aanmelding, AuditEntry
from portal.rules import case_status
from portal.rules.case_status import StatusRuleError
from portal.services import cases
from tests.client_request import ClientRequest
from tests.staff_fixtures import log_in


def test_the_case_page_shows_contact_preferences_prominently(client, client_request, staff, make_case):
    case = make_case(phone="+31612345678", channels=["phone", "whatsapp"], answers={"bereikbaarheid": {
        "voicemail": "no", "interpreter": "yes", "language": "ar", "best_times": ["evening"]}})
    log_in(client, "regisseur")
    attention = client_request.get("staff.show_case", case_id=case.id).select_one("section.attention").get_text(" ")
    assert "Geen voicemail inspreken!" in attention
    assert "tolk gewenst" in attention and "العربية" in attention
    assert "Aan het eind van de dag" in attention and "WhatsApp" in attention


def test_the_case_page_shows_the_cut_off_day_and_the_carried_money_check_reasons(client, client_request, staff,
                                                                                 make_case, db_session):
    case = make_case(crisis=True, answers={"dringend": {"urgent": ["cutoff"], "cutoff_date": "2026-12-09"}})
    case.selftest_summary = {"route": "crisis", "crisis": ["cutoff"], "groups": [], "reasons": ["bailiff"],
                             "flags": []}
    db_session.commit()
    log_in(client, "regisseur")
    what = client_request.get("staff.show_case", case_id=case.id).select_one("#what-title").parent.get_text(" ")
    assert "afsluiting 9 dec 2026" in what
    assert "U krijgt brieven van een deurwaarder." in what, "the reasons, not only the route"


def test_every_view_is_audit_logged(client, client_request, staff, make_case, db_session):
    case = make_case()
    log_in(client, "regisseur")
    client_request.get("staff.show_case", case_id=case.id)
    client_request.get("staff.show_case", case_id=case.id)
    views = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "view_case")).all()
    assert [(v.aanmelding_id, v.staff_id) for v in views] == [(case.id, staff["regisseur"].id)] * 2


def test_claim_and_the_loser_sees_who_has_it(app, client, client_request, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    client_request.post("staff.claim_case", case_id=case.id)
    colleague = app.test_client()
    log_in(colleague, "collega")
    text = ClientRequest(colleague).post("staff.claim_case", case_id=case.id, _follow_redirects=True).get_text()
    assert "Deze zaak is al opgepakt door Regisseur." in text


def test_two_coordinators_claiming_at_once_one_wins(app, staff, make_case, db_session):
    case = make_case()
    barrier = threading.Barrier(2)
    outcomes = {}

    def claim(who):
        session = app.extensions["db_sessionmaker"]()
        try:
            member = session.get(type(staff[who]), staff[who].id)
            barrier.wait()
            outcomes[who] = cases.claim(session, member, case.id)
        finally:
            session.close()

    threads = [threading.Thread(target=claim, args=(who,)) for who in ("regisseur", "collega")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [who for who, (won, _holder) in outcomes.items() if won]
    assert len(winners) == 1
    loser = next(who for who in outcomes if who not in winners)
    assert outcomes[loser][1].id == staff[winners[0]].id, "the loser is told who has the case"
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).assigned_to_id == staff[winners[0]].id


def test_missed_then_successful_contact(client, client_request, staff, make_case, db_session):
    case = make_case(answers={"bereikbaarheid": {"voicemail": "yes"}})
    log_in(client, "regisseur")
    client_request.post("staff.log_contact_attempt", case_id=case.id, _data={"kind": "call", "reached": "no"})
    client_request.post("staff.log_contact_attempt", case_id=case.id,
                        _data={"kind": "voicemail", "reached": "no", "note": "Later nog eens"})
    soup = client_request.get("staff.show_case", case_id=case.id)
    assert "Contactpogingen: 2" in soup.get_text()
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).status == "new"
    client_request.post("staff.log_contact_attempt", case_id=case.id, _data={"kind": "call", "reached": "yes"})
    db_session.expire_all()
    fresh = db_session.get(Aanmelding, case.id)
    assert fresh.status == "contacted" and fresh.first_contact_at is not None
    timeline = [li.get_text(" ", strip=True) for li in client_request.get("staff.show_case", case_id=case.id)
                .select("ol.timeline li")]
    assert "Gebeld" in timeline[0] and "gesproken" in timeline[0]
    assert "Later nog eens" in timeline[1]


def test_a_contact_kind_of_only_a_control_character_is_asked_again_not_an_error(client, client_request, staff,
                                                                               make_case):
    """Found by the hostile-input walk: "\x08" passed "required" and became "" after cleaning (a 500)."""
    case = make_case()
    log_in(client, "regisseur")
    soup = client_request.post("staff.log_contact_attempt", case_id=case.id,
                               _data={"kind": "\x08", "reached": "no", "note": "Gebeld, geen gehoor"},
                               _expected_status=200)
    assert "Kies hoe u contact zocht." in soup.get_text()
    assert soup.select_one("textarea[name=note]").get_text().strip() == "Gebeld, geen gehoor"


def test_the_status_form_no_longer_hands_over(client, client_request, staff, make_case, db_session):
    """A handover needs a partner and a reason: only its own form makes one (tests/staff/test_handover_views.py)."""
    case = make_case(status="contacted")
    log_in(client, "regisseur")
    shown = client_request.post("staff.change_case_status", case_id=case.id, _follow_redirects=True,
                                _data={"target": "handed_over", "partner": "PLANgroep"})
    assert "handed_over" not in [option["value"] for option in shown.select("#target option")]
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).status == "contacted"


@pytest.mark.parametrize("tries", [case_status.MIN_TRIES_BEFORE_NO_CONTACT, 5])
def test_closing_for_no_contact_needs_the_tries_the_message_names(tries, client, client_request, staff, make_case,
                                                                  db_session, monkeypatch):
    monkeypatch.setattr(case_status, "MIN_TRIES_BEFORE_NO_CONTACT", tries)
    case = make_case()
    log_in(client, "regisseur")
    for _ in range(tries - 1):
        client_request.post("staff.log_contact_attempt", case_id=case.id, _data={"kind": "call", "reached": "no"})
    shown = client_request.post("staff.change_case_status", case_id=case.id, _follow_redirects=True,
                                _data={"target": "closed", "reason": "no_contact"})
    assert f"minstens {tries} keer" in shown.get_text()
    client_request.post("staff.log_contact_attempt", case_id=case.id, _data={"kind": "call", "reached": "no"})
    client_request.post("staff.change_case_status", case_id=case.id, _data={"target": "closed", "reason": "no_contact"})
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).status == "closed"


def test_notes_go_on_the_timeline(client, client_request, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    client_request.post("staff.add_case_note", case_id=case.id, _data={"text": "Belt liever na 16 uur."})
    timeline = client_request.get("staff.show_case", case_id=case.id).select_one("ol.timeline")
    assert "Belt liever na 16 uur." in timeline.get_text()


@pytest.mark.parametrize("current,target,kwargs,code", [
    ("new", "handed_over", {"partner": "PLANgroep"}, "not_allowed"),
    ("contacted", "handed_over", {}, "partner_needed"),
    ("contacted", "closed", {}, "reason_needed"),
    ("closed", "contacted", {}, "not_allowed"),
])
def test_status_rules(current, target, kwargs, code):
    from portal.rules.case_status import check_transition

    with pytest.raises(StatusRuleError) as info:
        check_transition(current, target, **kwargs)
    assert info.value.code == code


def test_the_case_page_names_the_lists_values_in_the_staff_language(client, client_request, staff, make_case):
    case = make_case(group="youth", channels=["letter"], source="lansingerland-brief", source_reason="rent_arrears",
                     answers={"dringend": {"urgent": ["cutoff"]}, "situatie": {"topics": ["taxes"]}})
    log_in(client, "regisseur")
    text = client_request.get("staff.show_case", case_id=case.id).get_text(" ")
    assert "lansingerland-brief (Huurachterstand)" in text
    assert "Jongere" in text and "Mijn gas, stroom of water wordt afgesloten" in text
    assert "Belasting of toeslagen" in text and "Een brief" in text
    client.set_cookie("lang", "en")
    english = client_request.get("staff.show_case", case_id=case.id).get_text(" ")
    assert "(Rent arrears)" in english and "Young person" in english
