"""The "we tried to call you" sms and a case's messages on its timeline, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.domain.appointments import NoMessage
from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.models import AuditEntry, CaseEvent, OutboxMessage
from portal.services import case_messages, cases, outbox

MONDAY_NOON = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _app_context(app):
    """Texts are written with Babel and the sender's setting is read from the app, as in a request."""
    with app.app_context():
        yield


def _sms_case(make_case, **answers):
    return make_case(phone="+31612345678", channels=["phone", "sms"],
                     answers={"bereikbaarheid": answers} if answers else None)


def test_one_press_logs_a_missed_sms_attempt_and_queues_the_sms_together(app, db_session, staff, make_case):
    case = _sms_case(make_case)
    message = case_messages.tried_to_call(db_session, staff["regisseur"], case.id, now=MONDAY_NOON)
    [event] = db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "contact")).all()
    assert (event.data["kind"], event.data["reached"], event.staff_id) == ("sms", False, staff["regisseur"].id)
    assert (message.kind, message.channel, message.recipient, message.state) == (
        MessageKind.TRIED_TO_CALL, MessageChannel.SMS, "+31612345678", MessageState.QUEUED)
    assert "Gemeente Lansingerland" in message.body and "14 010" in message.body
    assert "maandag 7 december van 08:30 tot 17:00" in message.body, "when to call: today, still open"
    assert db_session.scalars(select(AuditEntry.action).where(AuditEntry.aanmelding_id == case.id)).all() \
        == ["tried_to_call"]
    assert db_session.get(type(case), case.id).first_contact_at is None, "not reached is no first contact"


def test_a_second_press_the_same_day_sends_nothing_and_logs_nothing(app, db_session, staff, make_case):
    case = _sms_case(make_case)
    case_messages.tried_to_call(db_session, staff["regisseur"], case.id, now=MONDAY_NOON)
    with pytest.raises(case_messages.NotSent) as refused:
        case_messages.tried_to_call(db_session, staff["collega"], case.id, now=MONDAY_NOON.replace(hour=15))
    assert refused.value.reason == NoMessage.ALREADY_TODAY
    assert len(db_session.scalars(select(OutboxMessage)).all()) == 1
    assert len(db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "contact")).all()) == 1
    case_messages.tried_to_call(db_session, staff["regisseur"], case.id, now=MONDAY_NOON.replace(day=8))
    assert len(db_session.scalars(select(OutboxMessage)).all()) == 2, "the next day it may go again"


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"phone": "+31612345678", "channels": ["phone"]}, NoMessage.NO_SMS_CHANNEL),
    ({"channels": ["letter"]}, NoMessage.NO_SMS_CHANNEL),
])
def test_nothing_is_sent_or_logged_without_sms_chosen(app, db_session, staff, make_case, kwargs, reason):
    case = make_case(**kwargs)
    with pytest.raises(case_messages.NotSent) as refused:
        case_messages.tried_to_call(db_session, staff["regisseur"], case.id)
    assert refused.value.reason == reason
    assert db_session.scalars(select(OutboxMessage)).all() == []
    assert db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "contact")).all() == []


def test_with_notifier_none_it_is_not_offered(app, db_session, staff, make_case):
    case = _sms_case(make_case)
    app.config["NOTIFIER"] = "none"
    with pytest.raises(case_messages.NotSent) as refused:
        case_messages.tried_to_call(db_session, staff["regisseur"], case.id)
    assert refused.value.reason == NoMessage.NOT_OFFERED


def test_the_discreet_text_names_neither_the_municipality_nor_the_help(app, db_session, staff, make_case):
    case = _sms_case(make_case, say_municipality="no")
    body = case_messages.tried_to_call(db_session, staff["regisseur"], case.id, now=MONDAY_NOON).body
    assert "14 010" in body, "the number to call back stays: alone it says nothing"
    for word in ("emeente", "Lansingerland", "aanmelding", "schuld", "geld"):
        assert word not in body


def test_the_sms_is_in_the_residents_language(app, db_session, staff, make_case):
    case = _sms_case(make_case, language="en")
    message = case_messages.tried_to_call(db_session, staff["regisseur"], case.id, now=MONDAY_NOON)
    assert message.language == "en"
    assert "Monday 7 December" in message.body and "14 010" in message.body


def test_a_partner_caseworker_sends_only_on_a_case_that_is_theirs(app, db_session, staff, make_case):
    from portal.services.cases import CaseForbidden

    theirs = _sms_case(make_case)
    theirs.assigned_to_id = staff["partner"].id
    db_session.commit()
    case_messages.tried_to_call(db_session, staff["partner"], theirs.id, now=MONDAY_NOON)
    with pytest.raises(CaseForbidden):
        case_messages.tried_to_call(db_session, staff["partner"], _sms_case(make_case).id, now=MONDAY_NOON)


def test_the_timeline_merges_messages_in_time_order_and_a_failed_number_is_flagged(app, db_session, staff,
                                                                                   make_case):
    case = _sms_case(make_case)
    confirmation = outbox.enqueue(db_session, kind=MessageKind.CONFIRMATION, channel=MessageChannel.SMS,
                                  to=case.phone, body="Ontvangen", aanmelding_id=case.id)
    confirmation.created_at = utcnow() - timedelta(hours=1)
    db_session.commit()
    cases.add_note(db_session, staff["regisseur"], case.id, "Eerst een notitie")
    db_session.scalars(select(CaseEvent)).one().at = utcnow() - timedelta(minutes=30)
    db_session.commit()
    case_messages.tried_to_call(db_session, staff["regisseur"], case.id)
    messages = outbox.for_case(db_session, case.id)
    lines = case_messages.timeline(db_session, case, messages)
    assert [line.kind for line in lines][2:] == ["note", "message"], "newest first, messages among the events"
    assert lines[-1].message.kind == MessageKind.CONFIRMATION
    assert sorted(line.kind for line in lines[:2]) == ["contact", "message"]
    assert case_messages.doubtful_addresses(messages) == frozenset()
    messages[0].state = MessageState.PERMANENT_FAILURE
    assert case_messages.doubtful_addresses(messages) == {MessageChannel.SMS}
    messages[0].state = MessageState.CANCELLED
    assert case_messages.doubtful_addresses(messages) == frozenset(), "a withdrawn message says nothing"
