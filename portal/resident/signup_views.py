"""Sign up for help: a handful of short steps, save and resume, check your answers, confirmation with real dates."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.db import get_session
from portal.domain.draft_context import DraftContext
from portal.domain.messages import NOT_ARRIVED_STATES, MessageChannel, MessageKind, MessageState
from portal.extensions import limiter, post_limit
from portal.forms import EmptyForm
from portal.i18n import keep_on_language_switch
from portal.resident import bp
from portal.resident.assist_views import ASSISTED_KEY
from portal.resident.confirm import confirm_discard
from portal.resident.municipality_context import chosen_municipality, forget_municipality, remember_municipality
from portal.resident.selftest_views import TOKEN_KEY
from portal.resident.signup_forms import AddToSignupForm
from portal.resident.signup_messages import composed_confirmation, composed_resume_link
from portal.rules.masking import mask_email, mask_phone
from portal.security import public_url
from portal.services import outbox, selftest, signup
from portal.services.municipalities import find_by_slug
from portal.signup import DRAFT_KEY
from portal.signup.forms import CheckForm, SendResumeLinkForm, normalise_phone
from portal.signup.steps import (
    STEP_BY_SLUG,
    ContactStep,
    PostcodeStep,
    first_open_step,
    is_done,
    may_open,
    next_step,
    previous_step,
    shown_steps,
    stored_data,
    summary_rows,
)

DONE_KEY = "aanmelding_done"  # the sent reference: every way back shows the confirmation, never "start again"
# One count per address for every way a sign-up draft is made: the start button, a question turned into a sign-up,
# and a resume link (which makes a new draft id).
SIGNUP_DRAFTS_LIMIT = "30 per hour"


def _draft():
    return signup.get_draft(get_session(), session.get(DRAFT_KEY))


def _gone():
    session.pop(DRAFT_KEY, None)
    if session.get(DONE_KEY):  # Back or reload after sending: it was sent, say so
        return redirect(url_for(".show_signup_confirmation"))
    return redirect(url_for(".show_signup_intro", verlopen=1))


def _sent_here():
    """The sign-up this browser sent: this session's, else the device's marker (30 days)."""
    reference = session.get(DONE_KEY)
    if reference:
        return signup.find_by_reference(get_session(), reference)
    return signup.sent_from_marker(get_session(), current_app.config["SECRET_KEY"],
                                   request.cookies.get(current_app.config["SENT_COOKIE_NAME"]))


@bp.get("/aanmelden")
def show_signup_intro():
    draft = _draft()
    sent = None if draft else _sent_here()
    return render_template("resident/signup-intro.html", form=EmptyForm(), draft=draft, sent=sent,
                           expired=request.args.get("verlopen") == "1", linked=request.args.get("gekoppeld") == "1",
                           municipality=sent.municipality if sent else chosen_municipality())


@bp.post("/aanmelden/start")
@limiter.shared_limit(SIGNUP_DRAFTS_LIMIT, scope="signup-drafts")
def start_signup():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if _draft() is None and request.form.get("new") != "1" and _sent_here() is not None:
        # An old tab's start button: first ask whether they meant to add something to the one they sent.
        return redirect(url_for(".show_signup_intro"))
    if _draft() is not None and request.form.get("confirm") != "1":
        # Never throw answers away without asking first.
        return confirm_discard(action=url_for(".start_signup"), keep_url=url_for(".check_signup"))
    signup.delete_draft(get_session(), session.get(DRAFT_KEY))
    context = DraftContext.begin(source=session.get("source"), source_reason=session.get("source_reason"),
                                 selftest=selftest.carried_outcome(get_session(), session.get(TOKEN_KEY)),
                                 assisted_by=session.get(ASSISTED_KEY))
    session[DRAFT_KEY] = signup.start_draft(get_session(), context).id
    return redirect(url_for(".fill_signup_step", slug=shown_steps(context)[0].slug))


@bp.route("/aanmelden/stap/<string:slug>", methods=["GET", "POST"])
def fill_signup_step(slug: str):
    step, draft = STEP_BY_SLUG.get(slug), _draft()
    if step is None or not step.should_show(draft.draft_context if draft else DraftContext()):
        abort(404)
    if draft is None:
        return _gone()
    if not may_open(draft.answers, draft.draft_context, slug):
        return redirect(url_for(".fill_signup_step", slug=first_open_step(draft.answers, draft.draft_context).slug))
    keep_on_language_switch(terug="controleren" if request.args.get("terug") == "controleren" else None)
    form = step.for_draft(draft.answers, known=chosen_municipality())
    if request.method == "POST" and "later" in request.form:
        return _save_for_later(draft, form)
    if form.validate_on_submit():
        payload = form.payload()
        if payload is not None:
            return _save_and_go_on(draft, form, payload)
        return _outside(draft)
    return _show_step(draft, form)


def _outside(draft):
    """A postcode outside every municipality we serve: a sign-up nobody can handle is never kept or offered."""
    signup.delete_draft(get_session(), draft.id)
    session.pop(DRAFT_KEY, None)
    forget_municipality()
    return render_template("resident/signup-outside.html", municipality=None)


@bp.route("/aanmelden/wissen", methods=["GET", "POST"])
@post_limit("30 per hour")
def stop_signup():
    """'Stop en wis mijn antwoorden': asked once (a page, no JavaScript needed), then the draft is gone at once,
    and with it every resume link made for it."""
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        signup.delete_draft(get_session(), session.pop(DRAFT_KEY, None))
        return redirect(url_for(".show_signup_wiped"))
    if _draft() is None:
        return redirect(url_for(".show_signup_wiped"))
    back = request.args.get("terug")
    keep_on_language_switch(terug=back if back in STEP_BY_SLUG else None)
    return confirm_discard(action=url_for(".stop_signup"),
                           keep_url=url_for(".fill_signup_step", slug=back) if back in STEP_BY_SLUG else
                           url_for(".check_signup"),
                           title=_("Stoppen en uw antwoorden wissen?"), discard_label=_("Ja, stop en wis alles"))


@bp.get("/aanmelden/gewist")
def show_signup_wiped():
    return render_template("resident/signup-wiped.html", municipality=chosen_municipality())


def _save_for_later(draft, form):
    """Keep what was typed, even half: valid answers as done, the rest cleaned and marked unfinished."""
    kept = form.for_later(was_complete=is_done(draft.answers, form))
    if kept is not None:
        signup.save_step(get_session(), draft.id, form.slug, kept[0], complete=kept[1])
    return redirect(url_for(".show_resume_link"))


def _save_and_go_on(draft, form, payload):
    if form.place is not None:
        remember_municipality(form.place)
    signup.save_step(get_session(), draft.id, form.slug, payload, complete=True,
                     prefill=form.prefills(draft.draft_context))
    following = next_step(draft.draft_context, form.slug)
    if following is None or request.args.get("terug") == "controleren":
        return redirect(url_for(".check_signup"))
    return redirect(url_for(".fill_signup_step", slug=following.slug))


def _show_step(draft, form):
    steps = shown_steps(draft.draft_context)
    return render_template("resident/signup-step.html", step=form, form=form,
                           carried=bool((draft.answers.get(form.slug) or {}).get("carried")),
                           position=[s.slug for s in steps].index(form.slug) + 1, total=len(steps),
                           back=previous_step(draft.draft_context, form.slug), municipality=chosen_municipality())


@bp.route("/aanmelden/later", methods=["GET", "POST"])
@post_limit("10 per hour")  # each send stores a message in the outbox
def show_resume_link():
    draft = _draft()
    if draft is None:
        return _gone()
    link = public_url(url_for(".resume_signup", token=signup.resume_token(current_app.config["SECRET_KEY"],
                                                                          draft.id, draft.expires_at)))
    form, sent, refused = SendResumeLinkForm(), False, False
    can_send = outbox.can_send()
    if can_send and form.validate_on_submit():
        typed = form.address.data.strip()
        address = typed if "@" in typed else normalise_phone(typed)
        if signup.send_resume_link(get_session(), draft.id, composed_resume_link(address, link, draft.expires_at)):
            sent, form = True, SendResumeLinkForm(formdata=None)
        else:
            refused = True
    return render_template("resident/signup-later.html", link=link, form=form, sent=sent, refused=refused,
                           can_send=can_send, draft=draft, municipality=chosen_municipality())


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
    pending = first_open_step(draft.answers, draft.draft_context)
    return redirect(url_for(".fill_signup_step", slug=pending.slug) if pending else url_for(".check_signup"))


def _draft_from_link(token: str):
    try:
        return signup.draft_id_from_resume_token(get_session(), current_app.config["SECRET_KEY"], token), None
    except signup.ResumeLinkExpired:
        return None, (render_template("resident/signup-resume-problem.html", problem="expired"), 410)
    except signup.ResumeLinkInvalid:
        return None, (render_template("resident/signup-resume-problem.html", problem="invalid"), 404)
    except signup.ResumeLinkUsed:
        return None, (render_template("resident/signup-resume-problem.html", problem="used", here=_draft()), 410)
    except signup.ResumeLinkSent as sent:
        return None, render_template("resident/signup-resume-problem.html", problem="sent", sent=sent.aanmelding,
                                     municipality=sent.aanmelding.municipality)


@bp.route("/aanmelden/controleren", methods=["GET", "POST"])
@post_limit("30 per hour")  # sending makes a case
def check_signup():
    draft = _draft()
    if draft is None:
        # A GET with an old cookie (a shared phone, days later) must not show the case.
        return _after_double_tap() if request.method == "POST" else _gone()
    pending = first_open_step(draft.answers, draft.draft_context)
    if pending:
        return redirect(url_for(".fill_signup_step", slug=pending.slug))
    form = CheckForm()
    if form.validate_on_submit():
        return _submit(draft, send_confirmation=form.send_confirmation.data)
    contact = stored_data(draft.answers, ContactStep.slug)
    can_confirm = outbox.message_route(email=contact.get("email"), phone=contact.get("phone"),
                                       channels=contact.get("channels") or [],
                                       postal_address=contact.get("postal_address")) is not None
    return render_template("resident/signup-check.html", form=form, municipality=chosen_municipality(),
                           rows=summary_rows(draft.draft_context, draft.answers, _municipality_name),
                           can_confirm=can_confirm)


def _after_double_tap():
    """The other request of a double tap already made the case. The browser shows only this answer, so it must be
    the confirmation, never "start again" (which would make a second sign-up)."""
    draft_id = session.get(DRAFT_KEY)
    submitted = signup.find_by_submission(get_session(), draft_id) if draft_id else None
    if submitted is not None:
        return _sent(submitted)
    if session.get(DONE_KEY):
        return redirect(url_for(".show_signup_confirmation"))
    return _gone()


def _sent(aanmelding):
    """From now on this session and this device know it was sent (see _sent_here)."""
    session.pop(DRAFT_KEY, None)
    session[DONE_KEY] = aanmelding.reference
    response = redirect(url_for(".show_signup_confirmation"))
    response.set_cookie(current_app.config["SENT_COOKIE_NAME"],
                        signup.sent_device_marker(current_app.config["SECRET_KEY"], aanmelding), path="/",
                        max_age=int(signup.SENT_DEVICE_LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _submit(draft, *, send_confirmation: bool):
    try:
        aanmelding = signup.submit(get_session(), draft.id,
                                   confirmation=composed_confirmation if send_confirmation else None)
    except signup.DraftIncomplete:
        return redirect(url_for(".fill_signup_step", slug=PostcodeStep.slug))
    return _sent(aanmelding)


def _municipality_name(slug: str | None) -> str | None:
    found = find_by_slug(get_session(), slug) if slug else None
    return found.name if found else None


@bp.get("/aanmelden/klaar")
def show_signup_confirmation():
    reference = session.get(DONE_KEY)
    aanmelding = signup.find_by_reference(get_session(), reference) if reference else None
    if aanmelding is None:
        return redirect(url_for(".show_signup_intro"))
    confirmation = outbox.newest_of_kind(get_session(), aanmelding.id, MessageKind.CONFIRMATION)
    return render_template("resident/signup-confirmation.html", aanmelding=aanmelding,
                           confirmation=_where_it_went(confirmation), municipality=aanmelding.municipality)


def _where_it_went(message) -> dict | None:
    """What the page may say of the confirmation: only one really in the outbox, masked, and whether it failed."""
    if message is None or not message.recipient:
        return None
    if message.channel == MessageChannel.LETTER:
        # The address is not repeated on screen; a letter waits for the municipality to print it ("posted": sent).
        return {"by_letter": True, "posted": message.state == MessageState.SENT,
                "failed": message.state in NOT_ARRIVED_STATES}
    by_sms = message.channel == MessageChannel.SMS
    return {"by_sms": by_sms, "to": mask_phone(message.recipient) if by_sms else mask_email(message.recipient),
            "failed": message.state in NOT_ARRIVED_STATES}


@bp.route("/aanmelden/toevoegen", methods=["GET", "POST"])
@post_limit("10 per hour")  # and a few a day per case (signup.MAX_ADDITIONS_PER_DAY)
def add_to_signup():
    aanmelding = _sent_here()
    if aanmelding is None:
        return redirect(url_for(".show_signup_intro"))
    form, refused = AddToSignupForm(), False
    if form.validate_on_submit():
        try:
            signup.add_from_resident(get_session(), aanmelding, form.text.data)
            return redirect(url_for(".add_to_signup", toegevoegd=1))
        except signup.AdditionRefused:
            refused = True
    return render_template("resident/signup-add.html", form=form, sent=aanmelding, refused=refused,
                           added=request.args.get("toegevoegd") == "1", municipality=aanmelding.municipality)
