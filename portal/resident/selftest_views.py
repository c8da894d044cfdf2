"""The anonymous money check: intro, one question per page, summary, result."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.csrf_masking import masked_csrf_token
from portal.db import get_session
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.page_cache import Hole, same_for_everyone
from portal.questionnaire import flow
from portal.questionnaire.routing import route_for
from portal.questionnaire_extension import get_questionnaire
from portal.resident import bp
from portal.resident.confirm import confirm_discard
from portal.resident.municipality_context import chosen_municipality, chosen_municipality_slug, remember_municipality
from portal.resident.selftest_forms import answer_form, shown_answer
from portal.resident.selftest_result import answer_summary, result_context
from portal.services import selftest
from portal.services.municipalities import find_by_slug

TOKEN_KEY = "selftest"


def _questionnaire():
    return get_questionnaire("selftest")


def _draft():
    return selftest.get_draft(get_session(), session.get(TOKEN_KEY))


def _expired():
    return redirect(url_for(".show_selftest_intro", verlopen=1))


@bp.get("/geldcheck")
def show_selftest_intro():
    return render_template("resident/selftest-intro.html", form=EmptyForm(), draft=_draft(),
                           expired=request.args.get("verlopen") == "1", cleared=request.args.get("gewist") == "1")


@bp.post("/geldcheck/start")
@limiter.limit("30 per hour")  # every start makes a draft, and every draft can add one to the monitoring counts
def start_selftest():
    if not EmptyForm().validate_on_submit():
        abort(400)
    draft = _draft()
    if draft is not None and draft.answers and draft.outcome is None and request.form.get("confirm") != "1":
        return confirm_discard(action=url_for(".start_selftest"), keep_url=url_for(".show_summary"))
    selftest.delete_draft(get_session(), session.get(TOKEN_KEY))
    session[TOKEN_KEY] = selftest.start_draft(get_session(), _questionnaire())
    return redirect(url_for(".answer_question", question_id=_questionnaire().questions[0].id))


@bp.route("/geldcheck/vraag/<string:question_id>", methods=["GET", "POST"])
def answer_question(question_id: str):
    questionnaire, draft = _questionnaire(), _draft()
    if draft is None:
        return _expired()
    if draft.outcome is not None:
        return redirect(url_for(".show_result"))  # answers are wiped at the result; nothing new is stored
    question = questionnaire.question(question_id)
    if question is None:
        abort(404)
    if not flow.may_open(questionnaire, draft.answers, question_id):
        return _to_question(flow.first_unanswered(questionnaire, draft.answers))
    previous = draft.answers.get(question_id)
    if request.method == "GET" and not shown_answer(question, previous):
        return _show_empty_question(questionnaire, draft, question)
    form = answer_form(question, previous, skipped="skip" in request.form)
    if form.validate_on_submit():
        answered = selftest.answer(get_session(), questionnaire, session[TOKEN_KEY], question, form.answer.data,
                                   draft=draft)
        if answered.municipality is not None:
            remember_municipality(answered.municipality)
        # Also after a change made from the summary: a complete check has no next question, so it goes back there.
        return _to_question(flow.next_question(questionnaire, answered.answers, question_id))
    return _show_question(question, form, _way_here(questionnaire, draft, question))


def _to_question(question):
    """To that question's page; None: to the summary."""
    if question is None:
        return redirect(url_for(".show_summary"))
    return redirect(url_for(".answer_question", question_id=question.id))


CSRF_HOLE = Hole("csrf")


def _way_here(questionnaire, draft, question) -> dict:
    """What a question's page shows of the way the resident came: progress, the back link, the crisis panel."""
    position, total = flow.progress(questionnaire, draft.answers, question.id)
    return {"position": position, "total": total,
            "back": flow.previous_question(questionnaire, draft.answers, question.id),
            "crisis_now": route_for(questionnaire, draft.answers).is_crisis}


def _show_question(question, form, way: dict, *, csrf_token: str | None = None):
    finish_form = EmptyForm()
    if csrf_token is not None:
        form.csrf_token.current_token = finish_form.csrf_token.current_token = csrf_token
    return render_template("resident/selftest-question.html", form=form, question=question, finish_form=finish_form,
                           municipality=chosen_municipality(), **way)


def _show_empty_question(questionnaire, draft, question):
    """A question with nothing of the resident's in it (most pages of the check are first visits) is the same page
    for everyone who reached it by the same way (its back link, progress and crisis panel) with this language and
    municipality, but for the token: rendered once, without even building its form again."""
    way = _way_here(questionnaire, draft, question)
    page = ("question", question.id, way["back"].id if way["back"] else None, way["position"], way["total"],
            way["crisis_now"])
    return same_for_everyone(
        page, chosen_municipality_slug(),
        lambda: _show_question(question, answer_form(question, None), way, csrf_token=CSRF_HOLE.mark),
        holes={CSRF_HOLE: masked_csrf_token})


@bp.get("/geldcheck/overzicht")
def show_summary():
    questionnaire, draft = _questionnaire(), _draft()
    if draft is None:
        return _expired()
    if draft.outcome is not None:
        return redirect(url_for(".show_result"))
    pending = flow.first_unanswered(questionnaire, draft.answers)
    if pending:
        return redirect(url_for(".answer_question", question_id=pending.id))
    rows = answer_summary(questionnaire, draft.answers, find_by_slug)
    return render_template("resident/selftest-summary.html", rows=rows, form=EmptyForm(),
                           municipality=chosen_municipality())


@bp.post("/geldcheck/uitslag")
@limiter.limit("60 per hour")
def finish_selftest():
    if not EmptyForm().validate_on_submit():
        abort(400)
    draft = _draft()
    if draft is None:
        return _expired()
    questionnaire = _questionnaire()
    if draft.outcome is None and not (flow.is_complete(questionnaire, draft.answers)
                                      or route_for(questionnaire, draft.answers).is_crisis):
        # Only a finished check (or the crisis fast lane) is counted: a half check would skew the figures.
        pending = flow.first_unanswered(questionnaire, draft.answers)
        return redirect(url_for(".answer_question", question_id=pending.id))
    place = draft.answers.get("postcode") or (draft.outcome or {}).get("municipality")
    if place in (None, ""):  # a postcode outside every municipality stays "outside": it is what the resident told us
        chosen = chosen_municipality()
        place = chosen.slug if chosen else None
    selftest.finish(get_session(), _questionnaire(), session[TOKEN_KEY], municipality=place,
                    source=session.get("source"))
    return redirect(url_for(".show_result"))


def _result_or_none():
    draft = _draft()
    if draft is None or draft.outcome is None:
        return None
    outcome, slug = selftest.stored_outcome(draft)
    municipality = find_by_slug(get_session(), slug) if slug and slug != selftest.OUTSIDE else None
    return result_context(_questionnaire(), outcome, municipality, outside=slug == selftest.OUTSIDE)


@bp.get("/geldcheck/uitslag")
def show_result():
    context = _result_or_none()
    if context is None:
        return _expired()
    return render_template("resident/selftest-result.html", clear_form=EmptyForm(), **context)


@bp.get("/geldcheck/uitslag.txt")
def download_result():
    context = _result_or_none()
    if context is None:
        return _expired()
    response = make_response(render_template("resident/selftest-result.txt", **context))
    response.mimetype = "text/plain"
    response.headers["Content-Disposition"] = 'attachment; filename="geldcheck-uitslag.txt"'
    return response


@bp.post("/geldcheck/wissen")
def clear_selftest():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1":
        return confirm_discard(action=url_for(".clear_selftest"), keep_url=url_for(".show_result"),
                               title=_("Uw uitslag wissen?"), discard_label=_("Ja, wis mijn uitslag"))
    selftest.delete_draft(get_session(), session.pop(TOKEN_KEY, None))
    return redirect(url_for(".show_selftest_intro", gewist=1))
