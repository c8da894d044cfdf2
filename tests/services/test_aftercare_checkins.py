"""The daily check-in job (services/aftercare_checkins.py): one message per current moment, on a way the resident
chose, with a single-use link whose token only the message holds."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from portal.domain.aftercare import NazorgState
from portal.domain.messages import MessageChannel, MessageKind
from portal.models import Nazorgmoment, OutboxMessage
from portal.rules.token_hash import token_hash
from portal.services import aftercare_checkins
from tests.aftercare_fixtures import add_months, make_aftercare

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # the morning of TODAY, in Amsterdam too
LINK = re.compile(r"https?://\S+/nazorg/([A-Za-z0-9_-]{43})")
DEBT_WORDS = ("schuld", "geld", "rekening", "betal", "debt", "money", "bill", "pay", "nazorg", "after-care")


def _run(app, db_session):
    with app.app_context():  # as the flask command runs it: no request
        return aftercare_checkins.send_due_checkins(db_session, today=TODAY, now=NOW)


def _messages(db_session):
    db_session.expire_all()
    return list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == MessageKind.AFTERCARE_CHECKIN)))


def _by_email(make_case, **answers):
    return make_case(answers={"contact": {"channels": ["email"], "email": "inwoner@example.nl"},
                              **answers})


def test_a_due_moment_gets_one_message_by_the_chosen_way_and_only_once(app, db_session, make_case):
    case = _by_email(make_case)
    traject = make_aftercare(db_session, case, started_on=add_months(TODAY, -1))
    assert _run(app, db_session).sent == {MessageChannel.EMAIL: 1}
    [message] = _messages(db_session)
    moment = traject.moments[0]
    db_session.refresh(moment)
    assert (message.channel, message.recipient, message.aanmelding_id) == (MessageChannel.EMAIL,
                                                                           "inwoner@example.nl", case.id)
    assert message.dedupe_key == f"checkin:{moment.id}"
    token = LINK.search(message.body).group(1)
    assert moment.checkin_token_hash == token_hash(token) and token not in str(moment.checkin_token_hash)
    assert moment.checkin_sent_at is not None and moment.done_on is None
    assert _run(app, db_session).sent == {} and len(_messages(db_session)) == 1, "a second run sends nothing"


def test_a_resident_who_chose_only_letters_gets_a_letter(app, db_session, make_case):
    case = make_case()  # channels: letter, with a postal address
    make_aftercare(db_session, case, started_on=add_months(TODAY, -1))
    _run(app, db_session)
    [message] = _messages(db_session)
    assert message.channel == MessageChannel.LETTER and "Dorpsstraat 1" in message.recipient
    assert "\n" in message.body, "a letter prints each sentence as its own paragraph"


def test_a_resident_who_chose_only_phone_calls_gets_no_message(app, db_session, make_case):
    case = make_case(phone="+31612345678")  # channels: phone only
    traject = make_aftercare(db_session, case, started_on=add_months(TODAY, -1))
    result = _run(app, db_session)
    assert result.sent == {} and result.without_route == 1 and _messages(db_session) == []
    db_session.refresh(traject.moments[0])
    assert traject.moments[0].checkin_token_hash is None and traject.moments[0].checkin_sent_at is None


def test_nothing_goes_for_a_moment_not_yet_due_or_an_ended_after_care(app, db_session, make_case):
    make_aftercare(db_session, _by_email(make_case), started_on=add_months(TODAY, -1) + timedelta(days=1))
    make_aftercare(db_session, make_case(), started_on=add_months(TODAY, -2), state=NazorgState.ENDED)
    assert _run(app, db_session).sent == {} and _messages(db_session) == []


def test_only_the_newest_due_moment_gets_a_link_never_an_older_one_late(app, db_session, make_case):
    traject = make_aftercare(db_session, _by_email(make_case), started_on=add_months(TODAY, -4))  # 1 and 3 due
    _run(app, db_session)
    [message] = _messages(db_session)
    first, third, sixth = traject.moments
    for moment in traject.moments:
        db_session.refresh(moment)
    assert message.dedupe_key == f"checkin:{third.id}"
    assert first.checkin_sent_at is None and sixth.checkin_sent_at is None
    _run(app, db_session)
    assert len(_messages(db_session)) == 1, "the older moment is not sent on a later day either"


def test_a_current_moment_a_coordinator_already_marked_done_gets_no_link(app, db_session, make_case):
    traject = make_aftercare(db_session, _by_email(make_case), started_on=add_months(TODAY, -4))
    traject.moments[1].done_on = TODAY - timedelta(days=2)
    db_session.commit()
    assert _run(app, db_session).sent == {} and _messages(db_session) == []


def test_the_text_is_in_the_residents_language_and_names_the_municipality_when_allowed(app, db_session, make_case):
    case = _by_email(make_case, bereikbaarheid={"language": "en", "say_municipality": "yes", "voicemail": "no",
                                                "best_times": [], "interpreter": "no"})
    make_aftercare(db_session, case, started_on=add_months(TODAY, -1))
    _run(app, db_session)
    [message] = _messages(db_session)
    assert message.language == "en" and message.subject == "How are you doing now?"
    assert message.body.startswith("Message from the municipality of Lansingerland.")
    assert "works once" in message.body and "14 010" in message.body
    assert "5 January 2027" in message.body, "the last day the link works: 30 days, the day it went counted"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_discreet_text_names_no_municipality_and_no_money_matters(app, db_session, make_case, language):
    case = _by_email(make_case, bereikbaarheid={"language": language, "say_municipality": "no", "voicemail": "no",
                                                "best_times": [], "interpreter": "no"})
    assert case.may_say_municipality is False
    make_aftercare(db_session, case, started_on=add_months(TODAY, -1))
    _run(app, db_session)
    [message] = _messages(db_session)
    text = LINK.sub("", f"{message.subject} {message.body}").lower()
    assert "lansingerland" not in text and "gemeente" not in text and "municipality" not in text
    assert [word for word in DEBT_WORDS if word in text] == []
    assert "14 010" in text, "the number to call back stays: alone it says nothing"


def test_even_a_named_text_mentions_no_money_matters(app, db_session, make_case):
    make_aftercare(db_session, _by_email(make_case), started_on=add_months(TODAY, -1))
    _run(app, db_session)
    [message] = _messages(db_session)
    text = LINK.sub("", f"{message.subject} {message.body}").lower()
    assert "gemeente lansingerland" in text
    assert [word for word in DEBT_WORDS if word in text] == []


def test_the_flask_command_queues_the_check_ins(app, db_session, make_case):
    make_aftercare(db_session, _by_email(make_case), started_on=add_months(date.today(), -1))
    result = app.test_cli_runner().invoke(args=["send-aftercare-checkins"])
    assert result.exit_code == 0, result.output
    assert "Queued 1 after-care check-ins" in result.output
    assert len(_messages(db_session)) == 1


def test_the_link_in_the_message_is_the_resident_pages_address(app):
    with app.test_request_context():
        assert url_for("resident.show_checkin", token="abc") == aftercare_checkins.CHECKIN_PATH + "abc"


def test_a_moment_with_a_link_is_not_sent_again_by_a_second_job_at_the_same_time(app, db_session, make_case,
                                                                                 monkeypatch):
    """The claim is a conditional update: a run that read the moment before another gave it a link sends nothing."""
    traject = make_aftercare(db_session, _by_email(make_case), started_on=add_months(TODAY, -1))
    moment_id = traject.moments[0].id
    with app.app_context():
        stale = aftercare_checkins._waiting_trajects(db_session, TODAY)  # read before the other run
        other = app.extensions["db_sessionmaker"]()
        aftercare_checkins.send_due_checkins(other, today=TODAY, now=NOW)
        other.close()
        monkeypatch.setattr(aftercare_checkins, "_waiting_trajects", lambda session, today: stale)
        assert aftercare_checkins.send_due_checkins(db_session, today=TODAY, now=NOW).sent == {}
    assert len(_messages(db_session)) == 1
    assert db_session.get(Nazorgmoment, moment_id).checkin_token_hash is not None

