"""The outbox keeps an address and a text a week, and a case's messages as long as its timeline needs them."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.models import OutboxMessage
from portal.services import outbox


def _message(db_session, *, age_days: float, state=MessageState.QUEUED, case=None, kind=MessageKind.CONFIRMATION,
             channel=MessageChannel.SMS, state_days: float | None = None):
    message = outbox.enqueue(db_session, kind=kind, channel=channel, to="+31612345678", body="Uw nummer",
                             aanmelding_id=case.id if case else None)
    message.created_at = utcnow() - timedelta(days=age_days)
    message.state = state
    message.state_at = utcnow() - timedelta(days=state_days) if state_days is not None else None
    db_session.commit()
    return message.id


def test_a_week_on_a_resume_link_is_deleted_and_a_case_message_keeps_only_its_state(app, db_session, make_case):
    case = make_case(call_name="Demo Purge")
    old_link = _message(db_session, age_days=8, kind=MessageKind.RESUME_LINK)
    new_link = _message(db_session, age_days=6, kind=MessageKind.RESUME_LINK)
    delivered = _message(db_session, age_days=8, state=MessageState.DELIVERED, case=case)
    stuck = _message(db_session, age_days=8, case=case)
    recent = _message(db_session, age_days=1, case=case)
    assert outbox.purge(db_session) == (1, 2)
    db_session.expire_all()
    kept = {m.id: m for m in db_session.scalars(select(OutboxMessage))}
    assert old_link not in kept and new_link in kept
    assert (kept[delivered].state, kept[delivered].recipient, kept[delivered].body) == (MessageState.DELIVERED, "", "")
    assert kept[stuck].state == MessageState.GAVE_UP and kept[stuck].body == ""
    assert kept[recent].state == MessageState.QUEUED and kept[recent].body == "Uw nummer"
    assert outbox.purge(db_session) == (0, 0)  # what was emptied is not rewritten every night


def test_a_letter_waits_for_the_printer_and_keeps_its_address_a_week_after_posting(app, db_session, make_case):
    case = make_case(call_name="Demo Brief")
    unprinted = _message(db_session, age_days=30, case=case, channel=MessageChannel.LETTER)
    posted_lately = _message(db_session, age_days=30, state=MessageState.SENT, state_days=2, case=case,
                             channel=MessageChannel.LETTER)
    posted_long_ago = _message(db_session, age_days=30, state=MessageState.SENT, state_days=8, case=case,
                               channel=MessageChannel.LETTER)
    assert outbox.purge(db_session) == (0, 1)
    db_session.expire_all()
    kept = {m.id: m for m in db_session.scalars(select(OutboxMessage))}
    assert (kept[unprinted].state, kept[unprinted].body) == (MessageState.QUEUED, "Uw nummer")
    assert kept[posted_lately].body == "Uw nummer"
    assert (kept[posted_long_ago].state, kept[posted_long_ago].body) == (MessageState.SENT, "")


def test_a_wrong_number_shows_only_while_the_newest_final_message_says_so(app, db_session, make_case):
    case = make_case(call_name="Demo Nummer")
    _message(db_session, age_days=2, state=MessageState.PERMANENT_FAILURE, case=case)
    assert outbox.address_may_be_wrong(outbox.for_case(db_session, case.id), MessageChannel.SMS)
    assert not outbox.address_may_be_wrong(outbox.for_case(db_session, case.id), MessageChannel.EMAIL)
    _message(db_session, age_days=1, state=MessageState.DELIVERED, case=case)
    assert not outbox.address_may_be_wrong(outbox.for_case(db_session, case.id), MessageChannel.SMS)
