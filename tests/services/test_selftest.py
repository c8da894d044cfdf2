from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, update

from portal.db import utcnow
from portal.models import SelfTestCount, SelfTestDraft
from portal.services import monitoring, selftest
from tests.questionnaire.conftest import CALM


def _questionnaire(app):
    return app.extensions["questionnaires"]["selftest"]


def _complete(db_session, questionnaire, token, answers):
    for question_id, answer in answers.items():
        selftest.save_answer(db_session, questionnaire, token, question_id, answer)


def test_the_count_row_holds_nothing_that_points_to_a_person(app):
    columns = {c["name"] for c in inspect(app.extensions["db_engine"]).get_columns("selftest_count")}
    assert columns == {"day", "municipality", "source", "group", "route", "crisis", "questionnaire_version", "count"}


def test_the_draft_holds_no_identifier_but_an_opaque_hash(app):
    columns = {c["name"] for c in inspect(app.extensions["db_engine"]).get_columns("selftest_draft")}
    assert columns == {"id_hash", "questionnaire_version", "answers", "outcome", "expires_at", "counted"}


def test_finishing_counts_once_and_drops_the_raw_answers(app, db_session):
    questionnaire = _questionnaire(app)
    token = selftest.start_draft(db_session, questionnaire)
    _complete(db_session, questionnaire, token, {**CALM, "crisis": ["eviction"], "children": "yes"})
    first = selftest.finish(db_session, questionnaire, token, municipality="lochem", source="bank-app")
    again = selftest.finish(db_session, questionnaire, token, municipality="lochem", source="bank-app")
    assert first == again and first.route == "crisis"
    rows = db_session.scalars(select(SelfTestCount)).all()
    assert [(r.municipality, r.source, r.group, r.route, r.crisis, r.count) for r in rows] == [
        ("lochem", "bank-app", "none", "crisis", True, 1)
    ]
    draft = selftest.get_draft(db_session, token)
    assert draft.answers == {} and draft.outcome["route"] == "crisis"


def test_two_people_with_the_same_outcome_share_one_counter(app, db_session):
    questionnaire = _questionnaire(app)
    for _ in range(2):
        token = selftest.start_draft(db_session, questionnaire)
        _complete(db_session, questionnaire, token, CALM)
        selftest.finish(db_session, questionnaire, token, municipality=None, source=None)
    rows = db_session.scalars(select(SelfTestCount)).all()
    assert [(r.municipality, r.route, r.count) for r in rows] == [("", "self_help", 2)]


def test_the_token_itself_is_never_stored(app, db_session):
    token = selftest.start_draft(db_session, _questionnaire(app))
    stored = db_session.scalars(select(SelfTestDraft.id_hash)).all()
    assert token not in stored and len(stored[0]) == 64


def test_an_expired_draft_is_gone(app, db_session):
    questionnaire = _questionnaire(app)
    token = selftest.start_draft(db_session, questionnaire)
    db_session.execute(update(SelfTestDraft).values(expires_at=utcnow() - timedelta(minutes=1)))
    db_session.commit()
    assert selftest.get_draft(db_session, token) is None
    assert selftest.purge_expired(db_session) == 1
    assert db_session.scalars(select(SelfTestDraft)).all() == []


def test_drafts_live_less_than_a_day(app, db_session):
    token = selftest.start_draft(db_session, _questionnaire(app))
    assert selftest.get_draft(db_session, token).expires_at - utcnow() < timedelta(days=1)


def test_clearing_deletes_the_draft(app, db_session):
    token = selftest.start_draft(db_session, _questionnaire(app))
    selftest.delete_draft(db_session, token)
    assert selftest.get_draft(db_session, token) is None


def test_the_expiry_is_a_whole_hour_at_least_the_lifetime_away():
    """Finding 12.5: start + 12 h to the microsecond dated every money check to the moment it began."""
    started = datetime(2026, 12, 2, 7, 14, 25, 123456, tzinfo=UTC)
    assert selftest.draft_expiry(started) == datetime(2026, 12, 2, 20, tzinfo=UTC)
    on_the_hour = datetime(2026, 12, 2, 8, tzinfo=UTC)
    assert selftest.draft_expiry(on_the_hour) == on_the_hour + selftest.DRAFT_LIFETIME


def test_a_check_late_on_sunday_evening_counts_in_the_amsterdam_week_monitoring_shows(app, db_session, staff,
                                                                                      monkeypatch):
    """23:30 UTC on Sunday 28 June is 01:30 on Monday 29 June in Amsterdam: a new day and a new week."""
    late_sunday = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(selftest, "utcnow", lambda: late_sunday)
    questionnaire = _questionnaire(app)
    token = selftest.start_draft(db_session, questionnaire)
    _complete(db_session, questionnaire, token, CALM)
    selftest.finish(db_session, questionnaire, token, municipality="lansingerland", source=None)
    assert db_session.scalars(select(SelfTestCount.day)).one() == date(2026, 6, 29)
    figures = monitoring.report(db_session, staff["regisseur"], weeks=2, today=date(2026, 6, 29)).figures
    assert [(week.start, week.selftests) for week in figures.weeks] == [(date(2026, 6, 22), 0),
                                                                         (date(2026, 6, 29), 1)]


def test_an_answer_to_a_draft_that_expired_after_it_was_read_is_refused(app, db_session):
    # The view hands over the draft it read; the UPDATE itself must still check the expiry. Catches an UPDATE by id
    # alone (it would write answers into an expired draft, which purge then races with) or a rowcount not checked.
    questionnaire = _questionnaire(app)
    token = selftest.start_draft(db_session, questionnaire)
    draft = selftest.get_draft(db_session, token)
    db_session.execute(update(SelfTestDraft).values(expires_at=utcnow() - timedelta(minutes=1)))
    db_session.commit()
    with pytest.raises(LookupError):
        selftest.save_answer(db_session, questionnaire, token, "group", "none", draft=draft)
    assert db_session.scalars(select(SelfTestDraft.answers)).one() == {}
