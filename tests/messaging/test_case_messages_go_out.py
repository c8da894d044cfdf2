"""Tried as a coordinator would: the case page's messages leave through the real worker and the fake Notify."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import Afspraak, OutboxMessage, StaffRole
from portal.rules import totp
from portal.rules.deadlines import local_date
from portal.services.municipalities import load_municipalities
from portal.services.staff import create_or_update_staff
from tests.client_request import ClientRequest
from tests.conftest import DEMO_MUNICIPALITIES
from tests.messaging.conftest import Clock, make_worker
from tests.staff_fixtures import ACCOUNTS, PASSWORD, build_case, log_in


@pytest.fixture
def coordinator(notify_app):
    """Lansingerland's coordinator, signed in on the portal that sends through the fake Notify; and a case."""
    session = notify_app.extensions["db_sessionmaker"]()
    load_municipalities(session, DEMO_MUNICIPALITIES)
    email, role, slug = ACCOUNTS["regisseur"]
    member = create_or_update_staff(session, email=email, name="Regisseur", role=StaffRole(role),
                                    municipality_slug=slug, password=PASSWORD)
    member.totp_secret, member.totp_confirmed = totp.new_secret(), True
    session.commit()
    case_id = build_case(session, phone="+31612345678", channels=["phone", "sms"]).id
    session.close()
    client = notify_app.test_client()
    log_in(client, "regisseur")
    return ClientRequest(client), case_id


def _outbox(notify_app) -> list[OutboxMessage]:
    session = notify_app.extensions["db_sessionmaker"]()
    try:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    finally:
        session.close()


def test_we_tried_to_call_arrives_as_an_sms_with_the_municipalitys_number(notify_app, fake_notify, coordinator):
    request, case_id = coordinator
    request.post("staff.send_tried_to_call", case_id=case_id)
    request.post("staff.send_tried_to_call", case_id=case_id)  # the double click
    assert fake_notify.received == [], "queued in the request's transaction, sent by the worker"
    make_worker(notify_app).drain()
    (sms,) = fake_notify.received
    assert (sms["channel"], sms["to"]) == ("sms", "+31612345678")
    body = sms["personalisation"]["body"]
    assert "Gemeente Lansingerland probeerde u te bellen" in body and "Bel ons terug op 14 010." in body
    assert "van 08:30 tot 17:00 uur" in body
    timeline = request.get("staff.show_case", case_id=case_id).select_one(".timeline").get_text(" ")
    assert "Sms: We probeerden u te bellen – Verstuurd" in timeline


def _plan(request, case_id, days_ahead=3):
    day = local_date(utcnow()) + timedelta(days=days_ahead)
    request.post("staff.plan_appointment", case_id=case_id,
                 _data={"day": day.isoformat(), "time": "14:30", "where": "place", "place": "Raadhuisplein 1"})


def test_the_reminder_is_not_sent_before_its_time_and_is_after(notify_app, fake_notify, coordinator):
    request, case_id = coordinator
    _plan(request, case_id)
    clock = Clock()
    worker = make_worker(notify_app, clock)
    assert worker.drain().sent == 1, "the appointment message goes at once"
    assert "Raadhuisplein 1" in fake_notify.received[0]["personalisation"]["body"]
    reminder = next(m for m in _outbox(notify_app) if m.kind == "appointment_reminder")
    clock.now = reminder.next_attempt_at - timedelta(minutes=1)
    assert worker.drain().sent == 0
    assert len(fake_notify.received) == 1
    clock.advance(minutes=2)
    assert worker.drain().sent == 1
    body = fake_notify.received[1]["personalisation"]["body"]
    assert "Een herinnering aan uw afspraak." in body and "14:30" in body


def test_a_cancelled_appointments_reminder_never_goes(notify_app, fake_notify, coordinator):
    request, case_id = coordinator
    _plan(request, case_id)
    clock = Clock()
    worker = make_worker(notify_app, clock)
    worker.drain()
    session = notify_app.extensions["db_sessionmaker"]()
    appointment_id = session.scalars(select(Afspraak.id)).one()
    session.close()
    request.post("staff.cancel_appointment", case_id=case_id, appointment_id=appointment_id)
    clock.advance(days=5)
    assert worker.drain().sent == 1, "only the notice that it is off"
    assert "gaat niet door" in fake_notify.received[-1]["personalisation"]["body"]
    assert {m.kind: m.state for m in _outbox(notify_app)}["appointment_reminder"] == "cancelled"
