"""Sign up for help: a handful of short steps, save and resume, check your answers, confirmation with real dates."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from portal.db import get_session
from portal.extensions import limiter
from portal.forms import EmptyForm
from portal.notify import get_notifier
from portal.resident import bp
from portal.resident.confirm import confirm_discard
from portal.resident.municipality_context import chosen_municipality, remember_municipality
from portal.resident.signup_messages import confirmation_message, resume_message
from portal.security import public_url
from portal.services import signup
from portal.services.municipalities import find_by_postcode, find_by_slug
from portal.signup import DRAFT_KEY
from portal.signup.forms import CheckForm, SendResumeLinkForm, normalise_phone
from portal.signup.steps import (
    STEP_BY_SLUG,
    first_open_step,
    may_open,
    next_step,
    previous_step,
    shown_steps,
    unfinished,
)
from portal.signup.summary import summary_rows

DONE_KEY = "aanmelding_done"
# One count per address for every way a sign-up draft is made: the start button, a question turned into a sign-up,
# and a resume link (which makes a new draft id).
SIGNUP_DRAFTS_LIMIT = "30 per hour"


def _draft():
    return signup.get_draft(get_session(), session.get(DRAFT_KEY))


def _gone():
    session.pop(DRAFT_KEY, None)
    return redirect(url_for(".show_signup_intro", verlopen=1))


def _selftest_summary() -> dict | None:
    """The money check's outcome (never its answers), if the resident has one on this device."""
    from portal.resident.selftest_views import TOKEN_KEY
    from portal.services import selftest

    draft = selftest.get_draft(get_session(), session.get(TOKEN_KEY))
    stored = selftest.stored_outcome(draft) if draft else None
    if not stored:
        return None
    outcome, _municipality = stored
    return {"route": outcome.route, "crisis": list(outcome.crisis), "groups": list(outcome.groups),
            "reasons": list(outcome.reasons), "flags": list(outcome.flags)}


@bp.get("/aanmelden")
def show_signup_intro():
    return render_template("resident/signup-intro.html", form=EmptyForm(), draft=_draft(),
                           expired=request.args.get("verlopen") == "1", linked=request.args.get("gekoppeld") == "1",
                           municipality=chosen_municipality())


@bp.post("/aanmelden/start")
@limiter.shared_limit(SIGNUP_DRAFTS_LIMIT, scope="signup-drafts")
def start_signup():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if _draft() is not None and request.form.get("confirm") != "1":
        # Never throw answers away without asking first.
        return confirm_discard(action=url_for(".start_signup"), keep_url=url_for(".check_signup"))
    signup.delete_draft(get_session(), session.get(DRAFT_KEY))
    context = {"source": session.get("source"), "source_reason": session.get("source_reason"),
               "selftest": _selftest_summary()}
    if session.get("assisted_by"):
        context.update(filled_in="assisted", assisted_by=session["assisted_by"])
    draft = signup.start_draft(get_session(), context)
    session[DRAFT_KEY] = draft.id
    return redirect(url_for(".fill_signup_step", slug=shown_steps(context)[0].slug))


def _place_from_postcode(form):
    municipality = find_by_postcode(get_session(), form.postcode.data)
    if municipality:
        remember_municipality(municipality)
    return municipality


def _save_for_later(step, draft, form) -> None:
    """Keep what was typed, even half: valid answers as done, the rest cleaned and marked unfinished."""
    was_complete = (draft.answers.get(step.slug) or {}).get("complete", False)
    if step.slug == "postcode" and was_complete:
        return  # the municipality found earlier stays; the postcode itself is never stored
    if step.slug != "postcode" and form.validate():
        signup.save_step(get_session(), draft.id, step.slug, step.stored(form), complete=True)
    else:
        signup.save_step(get_session(), draft.id, step.slug, unfinished(step, form), complete=False)


@bp.route("/aanmelden/stap/<string:slug>", methods=["GET", "POST"])
def fill_signup_step(slug: str):
    step, draft = STEP_BY_SLUG.get(slug), _draft()
    if step is None or not step.should_show(draft.context if draft else {}):
        abort(404)
    if draft is None:
        return _gone()
    if not may_open(draft.answers, draft.context, slug):
        return redirect(url_for(".fill_signup_step", slug=first_open_step(draft.answers, draft.context).slug))
    saved = (draft.answers.get(slug) or {}).get("data")
    form = step.form(data=saved) if saved and slug != "postcode" else step.form()
    if slug == "bereikbaarheid" and not saved and not form.is_submitted():
        form.language.data = str(get_locale())  # the language they read the portal in, changeable
    outside = False
    if request.method == "POST" and "later" in request.form:
        _save_for_later(step, draft, form)
        return redirect(url_for(".show_resume_link"))
    if form.validate_on_submit():
        data = step.stored(form)
        if slug == "postcode":
            municipality = _place_from_postcode(form)
            outside = municipality is None
            data = {"municipality": municipality.slug} if municipality else {}
        if not outside:
            signup.save_step(get_session(), draft.id, slug, data, complete=True)
            following = next_step(draft.context, slug)
            if following is None or request.args.get("terug") == "controleren":
                return redirect(url_for(".check_signup"))
            return redirect(url_for(".fill_signup_step", slug=following.slug))
    steps = shown_steps(draft.context)
    return render_template("resident/signup-step.html", step=step, form=form, outside=outside,
                           position=[s.slug for s in steps].index(slug) + 1, total=len(steps),
                           back=previous_step(draft.context, slug), municipality=chosen_municipality())


@bp.route("/aanmelden/later", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])  # each send stores a message in the outbox
def show_resume_link():
    draft = _draft()
    if draft is None:
        return _gone()
    link = public_url(url_for(".resume_signup", token=signup.resume_token(current_app.config["SECRET_KEY"],
                                                                          draft.id)))
    form, sent, refused = SendResumeLinkForm(), False, False
    notifier = get_notifier(get_session())
    if notifier is not None and form.validate_on_submit():
        if signup.count_link_send(get_session(), draft.id):
            subject, body = resume_message(link, draft.expires_at)
            if "@" in form.address.data:
                notifier.send_email(form.address.data.strip(), subject, body)
            else:
                notifier.send_sms(normalise_phone(form.address.data), body)
            sent, form = True, SendResumeLinkForm(formdata=None)
        else:
            refused = True
    return render_template("resident/signup-later.html", link=link, form=form, sent=sent, refused=refused,
                           can_send=notifier is not None, draft=draft, municipality=chosen_municipality())


@bp.get("/aanmelden/verder/<string:token>")
def resume_signup(token: str):
    # Opening the link changes nothing: mail scanners and link previews open links too, and must not use up the
    # resident's single-use link. Only the button below (a POST) takes the answers over.
    _draft_id, problem = _draft_from_link(token)
    if problem:
        return problem
    return render_template("resident/signup-welcome-back.html", form=EmptyForm(), token=token,
                           municipality=chosen_municipality())


@bp.post("/aanmelden/verder/<string:token>")
@limiter.shared_limit(SIGNUP_DRAFTS_LIMIT, scope="signup-drafts")
def continue_signup(token: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    draft_id, problem = _draft_from_link(token)
    if problem:
        return problem
    if request.form.get("choice") == "restart":
        signup.delete_draft(get_session(), draft_id)
        session.pop(DRAFT_KEY, None)
        return redirect(url_for(".show_signup_intro"))
    try:
        session[DRAFT_KEY] = signup.rotate_draft(get_session(), draft_id)
    except signup.DraftGone:  # the same link used at the same moment elsewhere
        return _gone()
    draft = _draft()
    pending = first_open_step(draft.answers, draft.context)
    return redirect(url_for(".fill_signup_step", slug=pending.slug) if pending else url_for(".check_signup"))


def _draft_from_link(token: str):
    try:
        return signup.draft_id_from_resume_token(get_session(), current_app.config["SECRET_KEY"], token), None
    except signup.ResumeLinkExpired:
        return None, (render_template("resident/signup-resume-problem.html", problem="expired"), 410)
    except signup.ResumeLinkInvalid:
        return None, (render_template("resident/signup-resume-problem.html", problem="invalid"), 404)


@bp.route("/aanmelden/controleren", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])  # sending makes a case
def check_signup():
    draft = _draft()
    if draft is None:
        # A double tap: the other request already made the case. The browser shows only this answer, so it must be
        # the confirmation, never "start again" (which would make a second sign-up).
        # Only for the POST of "send": a GET with an old cookie (a shared phone, days later) must not show the case.
        if request.method == "POST":
            draft_id = session.get(DRAFT_KEY)
            submitted = signup.find_by_submission(get_session(), draft_id) if draft_id else None
            if submitted is not None:
                session.pop(DRAFT_KEY, None)
                session[DONE_KEY] = submitted.reference
            if session.get(DONE_KEY):
                return redirect(url_for(".show_signup_confirmation"))
        return _gone()
    pending = first_open_step(draft.answers, draft.context)
    if pending:
        return redirect(url_for(".fill_signup_step", slug=pending.slug))
    form = CheckForm()
    if form.validate_on_submit():
        try:
            aanmelding = signup.submit(get_session(), draft.id)
        except signup.DraftIncomplete:
            return redirect(url_for(".fill_signup_step", slug="postcode"))
        if form.send_confirmation.data:
            _send_confirmation(aanmelding)
        session.pop(DRAFT_KEY, None)
        session[DONE_KEY] = aanmelding.reference
        return redirect(url_for(".show_signup_confirmation"))

    def municipality_name(slug):
        found = find_by_slug(get_session(), slug) if slug else None
        return found.name if found else None

    rows = summary_rows(shown_steps(draft.context), draft.answers, municipality_name)
    contact = (draft.answers.get("contact") or {}).get("data") or {}
    channels = set(contact.get("channels") or [])
    can_confirm = get_notifier(get_session()) is not None and bool(
        contact.get("email") and "email" in channels or contact.get("phone") and "sms" in channels)
    return render_template("resident/signup-check.html", rows=rows, form=form, municipality=chosen_municipality(),
                           can_confirm=can_confirm)


def _send_confirmation(aanmelding) -> None:
    """Only through a way of contact the resident chose."""
    notifier = get_notifier(get_session())
    if notifier is None:
        return
    subject, body = confirmation_message(aanmelding)
    if aanmelding.email and "email" in aanmelding.channels:
        notifier.send_email(aanmelding.email, subject, body)
    elif aanmelding.phone and "sms" in aanmelding.channels:
        notifier.send_sms(aanmelding.phone, body)


@bp.get("/aanmelden/klaar")
def show_signup_confirmation():
    reference = session.get(DONE_KEY)
    aanmelding = signup.find_by_reference(get_session(), reference) if reference else None
    if aanmelding is None:
        return redirect(url_for(".show_signup_intro"))
    return render_template("resident/signup-confirmation.html", aanmelding=aanmelding,
                           municipality=aanmelding.municipality)
