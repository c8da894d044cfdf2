"""The case page's messages, the "we tried to call you" button and appointments, as a coordinator uses them."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.models import Afspraak, OutboxMessage
from portal.rules.deadlines import local_date
from portal.services import outbox
from tests.staff_fixtures import log_in

TRIED = "We probeerden u te bellen"


def _sms_case(make_case, **answers):
    return make_case(phone="+31612345678", channels=["phone", "sms"],
                     answers={"bereikbaarheid": answers} if answers else None)


def _message(db_session, case, state, *, kind=MessageKind.CONFIRMATION, channel=MessageChannel.SMS, ago=0):
    message = outbox.enqueue(db_session, kind=kind, channel=channel, to=case.phone or "a@example.nl", body="x",
                             aanmelding_id=case.id)
    message.state, message.created_at = state, utcnow() - timedelta(minutes=ago)
    db_session.commit()
    return message


def test_the_timeline_shows_each_message_with_its_kind_and_state(client, client_request, staff, make_case,
                                                                 db_session):
    case = _sms_case(make_case)
    _message(db_session, case, MessageState.DELIVERED, ago=10)
    _message(db_session, case, MessageState.QUEUED, kind=MessageKind.TRIED_TO_CALL)
    log_in(client, "regisseur")
    lines = [li.get_text(" ", strip=True) for li in
             client_request.get("staff.show_case", case_id=case.id).select(".timeline li")]
    assert "Sms: We probeerden u te bellen – Wacht op verzenden" in lines[0]
    assert "Sms: Bevestiging van de aanmelding – Afgeleverd" in lines[1]


def test_a_number_whose_last_sms_did_not_arrive_is_flagged_next_to_it(client, client_request, staff, make_case,
                                                                      db_session):
    case = _sms_case(make_case)
    _message(db_session, case, MessageState.DELIVERED, ago=20)
    _message(db_session, case, MessageState.PERMANENT_FAILURE, ago=10)
    log_in(client, "regisseur")
    phone_line = client_request.get("staff.show_case", case_id=case.id).select_one("section.attention li")
    assert "Dit nummer klopt misschien niet" in phone_line.get_text()
    _message(db_session, case, MessageState.DELIVERED)
    phone_line = client_request.get("staff.show_case", case_id=case.id).select_one("section.attention li")
    assert "klopt misschien niet" not in phone_line.get_text(), "a newer sms arrived: the number works"


def test_the_button_logs_and_queues_once_and_says_so(client, client_request, staff, make_case, db_session):
    case = _sms_case(make_case)
    log_in(client, "regisseur")
    page = client_request.get("staff.show_case", case_id=case.id)
    assert page.select_one("#niet-bereikt button").get_text(strip=True) == TRIED
    assert "Eén sms per zaak per dag" in page.select_one("#niet-bereikt").get_text()
    shown = client_request.post("staff.send_tried_to_call", case_id=case.id, _follow_redirects=True)
    assert "Opgeslagen: contactpoging ‘Sms gestuurd’" in shown.select_one("[role=status]").get_text()
    assert "Sms gestuurd, niet bereikt" in shown.select_one(".timeline").get_text(" ")
    assert shown.select_one("#niet-bereikt button") is None, "sent today: no second button"
    assert "Vandaag al gestuurd" in shown.select_one("#niet-bereikt").get_text()
    again = client_request.post("staff.send_tried_to_call", case_id=case.id, _follow_redirects=True)
    assert "Vandaag al gestuurd" in again.select_one("[role=alert]").get_text()
    [sms] = db_session.scalars(select(OutboxMessage)).all()
    assert sms.dedupe_key == f"tried_to_call:{case.id}:{local_date(utcnow()).isoformat()}"


def test_the_button_explains_why_it_cannot_send(client, client_request, staff, make_case):
    case = make_case(phone="+31612345678", channels=["phone"])
    log_in(client, "regisseur")
    section = client_request.get("staff.show_case", case_id=case.id).select_one("#niet-bereikt")
    assert section.select_one("button") is None
    assert "koos niet voor sms" in section.get_text()


def test_with_notifier_none_the_button_is_not_offered(app, client, client_request, staff, make_case):
    case = _sms_case(make_case)
    app.config["NOTIFIER"] = "none"
    log_in(client, "regisseur")
    assert client_request.get("staff.show_case", case_id=case.id).select_one("#niet-bereikt") is None
    shown = client_request.post("staff.send_tried_to_call", case_id=case.id, _follow_redirects=True)
    assert "verstuurt geen berichten" in shown.select_one("[role=alert]").get_text()


def _plan(client_request, case, **fields):
    data = {"day": (local_date(utcnow()) + timedelta(days=7)).isoformat(), "time": "14:30", "where": "place",
            "place": "Raadhuisplein 1, kamer 2"} | fields
    return client_request.post("staff.plan_appointment", case_id=case.id, _data=data, _follow_redirects=True)


def test_planning_shows_the_next_appointment_on_top_and_on_the_timeline(client, client_request, staff, make_case,
                                                                        db_session):
    case = _sms_case(make_case)
    log_in(client, "regisseur")
    shown = _plan(client_request, case)
    assert "Opgeslagen: afspraak op" in shown.select_one("[role=status]").get_text()
    top = shown.select_one(".next-appointment").get_text(" ", strip=True)
    assert "Volgende afspraak:" in top and "14:30" in top and "Raadhuisplein 1, kamer 2" in top
    timeline = shown.select_one(".timeline").get_text(" ")
    assert "afspraak gepland" in timeline and "Sms: Afspraak – Wacht op verzenden" in timeline
    assert "Sms: Herinnering aan de afspraak – Wacht op verzenden (gaat op" in timeline


def test_bad_input_is_named_next_to_its_field_and_the_rest_is_kept(client, client_request, staff, make_case,
                                                                   db_session):
    case = _sms_case(make_case)
    log_in(client, "regisseur")
    yesterday = (local_date(utcnow()) - timedelta(days=1)).isoformat()
    page = client_request.post("staff.plan_appointment", case_id=case.id, _expected_status=200,
                               _data={"day": yesterday, "time": "", "where": "place", "place": "Raadhuisplein 1"})
    assert page.select_one("#day-error").get_text(strip=True).endswith("Deze datum is al voorbij. Kies vandaag of "
                                                                      "een latere dag.")
    assert "Vul de tijd in" in page.select_one("#time-error").get_text()
    assert page.select_one("#place")["value"] == "Raadhuisplein 1", "what was typed stays"
    assert page.select_one("#day")["value"] == yesterday
    assert page.select_one("#day")["aria-invalid"] == "true"
    too_long = client_request.post("staff.plan_appointment", case_id=case.id, _expected_status=200,
                                   _data={"day": "31-12-2099", "time": "9:00", "where": "place", "place": "x" * 201})
    assert "hoogstens 200 tekens" in too_long.select_one("#place-error").get_text()
    nowhere = client_request.post("staff.plan_appointment", case_id=case.id, _expected_status=200,
                                  _data={"day": "morgen", "time": "25:00"})
    assert "dag-maand-jaar" in nowhere.select_one("#day-error").get_text()
    assert "uren en minuten" in nowhere.select_one("#time-error").get_text()
    assert "Kies of de afspraak op een plek is of telefonisch" in nowhere.select_one("#where-error").get_text()
    assert db_session.scalars(select(Afspraak)).all() == []


def test_cancel_and_move_from_the_case_page(client, client_request, staff, make_case, db_session):
    case = _sms_case(make_case)
    log_in(client, "regisseur")
    _plan(client_request, case)
    first = db_session.scalars(select(Afspraak)).one()
    moved = _plan(client_request, case, time="10:00", where="phone", place="", replaces=str(first.id))
    assert "telefonisch" in moved.select_one(".next-appointment").get_text()
    assert "afspraak verplaatst" in moved.select_one(".timeline").get_text()
    second = db_session.scalars(select(Afspraak).where(Afspraak.id != first.id)).one()
    shown = client_request.post("staff.cancel_appointment", case_id=case.id, appointment_id=second.id,
                                _follow_redirects=True)
    assert "De afspraak is afgezegd" in shown.select_one("[role=status]").get_text()
    assert shown.select_one(".next-appointment") is None
    again = client_request.post("staff.cancel_appointment", case_id=case.id, appointment_id=second.id,
                                _follow_redirects=True)
    assert "al afgezegd of verplaatst" in again.select_one("[role=alert]").get_text()


def test_a_caseworker_on_their_own_case_may_send_the_sms_but_plans_no_appointment(client, client_request, staff,
                                                                                   make_case):
    case = make_case(phone="+31612345678", channels=["sms"], assigned_to_id=staff["partner"].id)
    log_in(client, "partner")
    page = client_request.get("staff.show_case", case_id=case.id)
    assert page.select_one("#afspraak") is None
    assert page.select_one("#niet-bereikt button") is not None, "they may log contact attempts on it"
    client_request.post("staff.plan_appointment", case_id=case.id, _data={"day": "31-12-2099"},
                        _expected_status=403)
