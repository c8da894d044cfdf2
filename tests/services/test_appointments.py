"""Planning, moving and cancelling an appointment with its messages, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.models import Afspraak, AuditEntry, CaseEvent, OutboxMessage
from portal.rules.appointments import AppointmentError
from portal.services import appointments

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday 11:00 in Amsterdam
WEDNESDAY = date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def _plan(db_session, staff, case, *, day=WEDNESDAY, at=time(14, 30), by_phone=False, place="Raadhuisplein 1",
          now=NOW, **kwargs):
    return appointments.plan(db_session, staff["regisseur"], case.id, day=day, at=at, by_phone=by_phone,
                             place=place, now=now, **kwargs)


def _messages(db_session) -> dict[str, OutboxMessage]:
    db_session.expire_all()
    return {m.kind: m for m in db_session.scalars(select(OutboxMessage))}


def test_planning_stores_it_encrypted_puts_it_on_the_timeline_and_queues_message_and_reminder(
        app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    planned = _plan(db_session, staff, case)
    afspraak = db_session.get(Afspraak, planned.afspraak.id)
    assert (afspraak.starts_at, afspraak.place, afspraak.by_phone) == (
        datetime(2026, 12, 9, 13, 30, tzinfo=UTC), "Raadhuisplein 1", False)
    from tests.conftest import raw_dump
    assert "Raadhuisplein" not in raw_dump(db_session), "the place is encrypted at rest"
    event = db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "appointment")).one()
    assert event.data == {"state": "planned", "id": afspraak.id, "by_phone": False}
    sent = _messages(db_session)
    assert set(sent) == {MessageKind.APPOINTMENT, MessageKind.APPOINTMENT_REMINDER}
    first, reminder = sent[MessageKind.APPOINTMENT], sent[MessageKind.APPOINTMENT_REMINDER]
    assert first.channel == MessageChannel.SMS and first.recipient == "+31612345678"
    assert "woensdag 9 december om 14:30 uur" in first.body and "Raadhuisplein 1" in first.body
    assert first.next_attempt_at <= datetime.now(UTC), "the first message goes now"
    assert reminder.next_attempt_at == datetime(2026, 12, 8, 8, 0, tzinfo=UTC), "Tuesday 9:00 in Amsterdam"
    assert "herinnering" in reminder.body.lower()
    actions = db_session.scalars(select(AuditEntry.action).where(AuditEntry.aanmelding_id == case.id)).all()
    assert actions == ["plan_appointment"]


def test_the_message_goes_by_e_mail_first_as_the_confirmation_does(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms", "email"], answers={"contact": {"email": "a@example.nl"}})
    planned = _plan(db_session, staff, case, by_phone=True, place=None)
    assert (planned.message.channel, planned.message.recipient) == (MessageChannel.EMAIL, "a@example.nl")
    assert planned.message.subject == "Uw afspraak met gemeente Lansingerland"
    assert "Wij bellen u op woensdag 9 december om 14:30 uur." in planned.message.body


def test_without_e_mail_or_sms_chosen_the_appointment_is_kept_and_nothing_is_sent(app, db_session, staff,
                                                                                  make_case):
    case = make_case(phone="+31612345678", channels=["phone"])
    planned = _plan(db_session, staff, case)
    assert planned.message is None and planned.no_message == "no_route"
    assert db_session.scalars(select(OutboxMessage)).all() == []
    assert db_session.scalars(select(Afspraak)).one().id == planned.afspraak.id


def test_a_resident_who_chose_only_letters_gets_the_appointment_by_letter_without_a_reminder(app, db_session, staff,
                                                                                            make_case):
    case = make_case(channels=["letter"])  # postal address "Dorpsstraat 1"
    planned = _plan(db_session, staff, case)
    assert planned.no_message is None and planned.reminder is None, "the post takes days: no reminder letter"
    assert (planned.message.channel, planned.message.recipient) == (MessageChannel.LETTER, "Dorpsstraat 1")
    assert planned.message.subject and "woensdag 9 december om 14:30 uur" in planned.message.body
    app.config["NOTIFIER"] = "none"  # a letter does not depend on Notify
    again = _plan(db_session, staff, case, day=WEDNESDAY + timedelta(days=7))
    assert again.message is not None and again.message.channel == MessageChannel.LETTER


def test_the_discreet_message_names_no_municipality(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"], answers={"bereikbaarheid": {"say_municipality": "no"}})
    body = _plan(db_session, staff, case).message.body
    assert "emeente" not in body and "Lansingerland" not in body and "14:30" in body


def test_bad_input_stores_nothing(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    with pytest.raises(AppointmentError) as raised:
        _plan(db_session, staff, case, day=date(2026, 12, 1), place="")
    assert raised.value.errors == {"day": "day_past", "place": "place_missing"}
    assert db_session.scalars(select(Afspraak)).all() == []
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_planned_for_tomorrow_afternoon_there_is_no_reminder(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    planned = _plan(db_session, staff, case, day=date(2026, 12, 8))
    assert planned.message is not None and planned.reminder is None


def test_cancelling_withdraws_the_unsent_reminder_and_tells_the_resident_once_the_first_went(
        app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    planned = _plan(db_session, staff, case)
    _messages(db_session)[MessageKind.APPOINTMENT].state = MessageState.SENT
    db_session.commit()
    cancelled = appointments.cancel(db_session, staff["regisseur"], case.id, planned.afspraak.id, now=NOW)
    sent = _messages(db_session)
    assert sent[MessageKind.APPOINTMENT_REMINDER].state == MessageState.CANCELLED
    assert cancelled.withdrawn == 1 and cancelled.notice is not None
    notice = sent[MessageKind.APPOINTMENT_CANCELLED]
    assert notice.state == MessageState.QUEUED and "gaat niet door" in notice.body
    assert db_session.get(Afspraak, planned.afspraak.id).cancelled_at is not None
    assert appointments.upcoming(db_session, case, now=NOW) == []
    with pytest.raises(AppointmentError):
        appointments.cancel(db_session, staff["regisseur"], case.id, planned.afspraak.id, now=NOW)
    actions = db_session.scalars(select(AuditEntry.action).where(AuditEntry.aanmelding_id == case.id)).all()
    assert sorted(actions) == ["cancel_appointment", "plan_appointment"]


def test_cancelling_before_anything_went_sends_nothing_at_all(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    planned = _plan(db_session, staff, case)
    cancelled = appointments.cancel(db_session, staff["regisseur"], case.id, planned.afspraak.id, now=NOW)
    assert cancelled.notice is None and cancelled.withdrawn == 2
    assert {m.state for m in _messages(db_session).values()} == {MessageState.CANCELLED}


def test_a_reminder_a_worker_holds_is_not_withdrawn_under_it(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    planned = _plan(db_session, staff, case)
    reminder = _messages(db_session)[MessageKind.APPOINTMENT_REMINDER]
    reminder.lease_token, reminder.lease_until = "w1", NOW + timedelta(minutes=1)
    db_session.commit()
    cancelled = appointments.cancel(db_session, staff["regisseur"], case.id, planned.afspraak.id, now=NOW)
    assert cancelled.withdrawn == 1
    assert _messages(db_session)[MessageKind.APPOINTMENT_REMINDER].state == MessageState.QUEUED


def test_moving_replaces_the_old_one_and_says_it_moved(app, db_session, staff, make_case):
    case = make_case(phone="+31612345678", channels=["sms"])
    old = _plan(db_session, staff, case).afspraak
    new = _plan(db_session, staff, case, day=date(2026, 12, 10), at=time(10), replaces=old.id).afspraak
    db_session.expire_all()
    assert db_session.get(Afspraak, old.id).moved_to_id == new.id
    assert [a.id for a in appointments.upcoming(db_session, case, now=NOW)] == [new.id]
    by_key = {m.dedupe_key: m for m in db_session.scalars(select(OutboxMessage))}
    assert by_key[f"appointment_reminder:{old.id}"].state == MessageState.CANCELLED
    assert "verplaatst" in by_key[f"appointment:{new.id}"].body and "10:00" in by_key[f"appointment:{new.id}"].body
    states = [e.data["state"] for e in db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "appointment")
                                                           .order_by(CaseEvent.id))]
    assert states == ["planned", "moved"]


def test_another_municipalitys_coordinator_cannot_plan(app, db_session, staff, make_case):
    from portal.services.cases import CaseNotFound

    case = make_case(phone="+31612345678", channels=["sms"])
    with pytest.raises(CaseNotFound):
        appointments.plan(db_session, staff["groningen"], case.id, day=WEDNESDAY, at=time(9), by_phone=True,
                          place=None, now=NOW)
