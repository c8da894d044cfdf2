"""Walk the URL map: every POST that stores something new carries a rate limit."""

from __future__ import annotations

from flask_limiter.util import get_qualified_name
from sqlalchemy import func, select

from portal.extensions import limiter
from portal.models import SelfTestCount
from portal.services import selftest
from tests.client_request import ClientRequest
from tests.questionnaire.conftest import CALM

# POST routes that add no row, each with the reason. Anything else that takes a POST must carry a limit.
NOT_CREATING = {
    "resident.fill_signup_step": "saves answers into the one draft the resident already has",
    "resident.answer_question": "saves an answer into the one money-check draft the resident already has",
    "resident.clear_selftest": "deletes the resident's money-check draft",
    "resident.close_conversation": "deletes the conversation's server-side session",
    "resident.find_municipality": "looks a postcode up and keeps the municipality in the cookie",
    "staff.log_out": "ends the session (one audit row per sign-in, and signing in is limited)",
}


def _post_limits(app, endpoint):
    name = get_qualified_name(app.view_functions[endpoint])
    return [limit for limit in limiter.limit_manager.decorated_limits(name)
            if not limit.methods or "post" in limit.methods]


def test_every_route_that_creates_something_carries_a_limit(app):
    """Finding 12.8: turning a question into a sign-up and starting money checks had no limit (35 drafts, 40 crisis
    results from one address). A new POST route fails here until it has a limit or a reason in NOT_CREATING."""
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert set(NOT_CREATING) <= posts, "NOT_CREATING names a route that no longer exists"
    missing = sorted(endpoint for endpoint in posts - set(NOT_CREATING) if not _post_limits(app, endpoint))
    assert missing == []


def test_every_way_to_make_a_sign_up_draft_shares_one_count(app):
    """Finding 12.8: start, a question turned into a sign-up, and a resume link make drafts; one budget for all."""
    scopes = {endpoint: {limit.scope for limit in _post_limits(app, endpoint)}
              for endpoint in ("resident.start_signup", "resident.advice_to_signup", "resident.continue_signup")}
    assert all(scope == {"signup-drafts"} for scope in scopes.values()), scopes


def test_starting_money_checks_is_rate_limited(client):
    """Finding 12.8: one address made 40 crisis results in 11 seconds; each start makes a countable draft."""
    statuses = [ClientRequest(client).open("POST", "resident.start_selftest", _data={"confirm": "1"})
                .status_code for _ in range(31)]
    assert 429 not in statuses[:30] and statuses[30] == 429


def test_a_draft_is_counted_once_even_when_two_requests_finish_it_at_the_same_moment(app, db_session, monkeypatch):
    """Finding 12.8: the second of two simultaneous requests read the draft before the first stored the outcome, and
    counted again. Only the request whose conditional UPDATE marks the draft counts."""
    questionnaire = app.extensions["questionnaires"]["selftest"]
    token = selftest.start_draft(db_session, questionnaire)
    for question_id, answer in {**CALM, "crisis": ["eviction"]}.items():
        selftest.save_answer(db_session, questionnaire, token, question_id, answer)
    before = selftest.get_draft(db_session, token)
    stale = selftest.Draft(id_hash=before.id_hash, answers=dict(before.answers), outcome=None,
                           expires_at=before.expires_at)
    selftest.finish(db_session, questionnaire, token, municipality="lochem", source=None)
    monkeypatch.setattr(selftest, "get_draft", lambda session, token: stale)  # what the other request had read
    selftest.finish(db_session, questionnaire, token, municipality="lochem", source=None)
    db_session.expire_all()
    assert db_session.scalar(select(func.sum(SelfTestCount.count))) == 1
