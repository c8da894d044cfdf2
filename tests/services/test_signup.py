import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.domain.draft_context import DraftContext
from portal.models import Aanmelding, AanmeldingDraft
from portal.services import signup
from tests.concurrency import at_the_same_moment
from tests.resident.signup_helpers import DEFAULT_STEPS


def _ready_draft(db_session, **changes):
    draft = signup.start_draft(db_session, DraftContext())
    for slug, data in {**DEFAULT_STEPS, **changes}.items():
        if slug == "geldcheck":
            continue
        if slug == "postcode":
            data = {"municipality": "lochem"}
        if slug == "contact":
            data = {**data, "phone": "+31612345678"}
        signup.save_step(db_session, draft.id, slug, data, complete=True)
    return draft


def test_dates_of_a_case_follow_the_municipality_promise(municipalities, db_session):
    draft = _ready_draft(db_session)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    aanmelding = signup.submit(db_session, draft.id, now=monday)
    # Lochem promises 28 days: the promise and the law coincide.
    assert aanmelding.first_contact_due == date(2026, 12, 21)
    assert aanmelding.legal_deadline == date(2026, 12, 21)


def test_crisis_case_on_a_friday(municipalities, db_session):
    draft = _ready_draft(db_session, dringend={"urgent": ["no_food"], "eviction_date": ""})
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    aanmelding = signup.submit(db_session, draft.id, now=friday)
    assert aanmelding.crisis and aanmelding.first_contact_due == date(2026, 12, 2)


def test_submitting_twice_returns_the_same_case(municipalities, db_session):
    draft = _ready_draft(db_session)
    first = signup.submit(db_session, draft.id)
    second = signup.submit(db_session, draft.id)
    assert first.id == second.id


def test_submitting_a_thrown_away_draft_raises(municipalities, db_session):
    draft = _ready_draft(db_session)
    signup.delete_draft(db_session, draft.id)
    with pytest.raises(signup.DraftGone):
        signup.submit(db_session, draft.id)


def test_two_concurrent_submits_make_one_case(app, municipalities, db_session):
    """Real concurrency: two sessions on two connections submit the same draft at the same moment."""
    draft = _ready_draft(db_session)
    outcomes = at_the_same_moment(app, lambda session: signup.submit(session, draft.id).reference)
    assert not any(isinstance(outcome, Exception) for outcome in outcomes)
    assert len(set(outcomes)) == 1
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 1


def test_fields_come_only_from_the_answers_given():
    fields = signup.aanmelding_fields({"dringend": {"data": {"urgent": ["none"]}, "complete": True}}, DraftContext())
    assert fields["crisis"] is False and fields["children"] == "unknown" and fields["selftest_summary"] is None


def test_an_assisted_draft_from_before_migration_0013_still_counts_as_assisted():
    def filled_in(stored: dict) -> str:
        return signup.aanmelding_fields({}, DraftContext.from_stored(stored))["filled_in"]

    assert filled_in({"channel": "assisted"}) == "assisted"
    assert filled_in({"filled_in": "assisted"}) == "assisted"
    assert filled_in({}) == "online"


def test_one_resume_link_used_twice_at_the_same_moment_gives_one_draft(app, municipalities, db_session,
                                                                      monkeypatch):
    """Real concurrency: both uses have read the draft before either takes it over; only one may succeed."""
    draft = _ready_draft(db_session)
    both_read = threading.Barrier(2)
    read = signup.get_draft

    def read_then_wait(session, draft_id):
        found = read(session, draft_id)
        both_read.wait(timeout=10)
        return found

    monkeypatch.setattr(signup, "get_draft", read_then_wait)
    outcomes = at_the_same_moment(app, lambda session: signup.rotate_draft(session, draft.id))
    new_ids = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert len(new_ids) == 1 and [type(outcome) for outcome in outcomes if outcome not in new_ids] == [signup.DraftGone]
    db_session.expire_all()
    assert db_session.scalars(select(AanmeldingDraft.id)).all() == new_ids
