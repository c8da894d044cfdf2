"""Ask a question anonymously, and come back with a code and secret words to read the answer."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from portal.csrf_masking import masked_csrf_token
from portal.db import get_session
from portal.domain.draft_context import DraftContext
from portal.domain.referrals import ANONYMOUS_ADVICE_SOURCE
from portal.extensions import limiter, post_limit
from portal.forms import EmptyForm
from portal.page_cache import Hole, same_for_everyone
from portal.resident import bp
from portal.resident.advice_forms import AdviceToSignupForm, AskForm, PickUpForm, ReplyForm, new_stamp
from portal.resident.municipality_context import (
    chosen_municipality,
    chosen_municipality_slug,
    remember_municipality,
)
from portal.resident.signup_views import SIGNUP_DRAFTS_LIMIT
from portal.rules.advice_thread import ThreadState
from portal.rules.secret_words import SecretFormat
from portal.services import advice, signup
from portal.services.municipalities import find_by_slug, municipality_choices
from portal.signup import DRAFT_KEY
from portal.signup.forms import normalise_phone
from portal.signup.steps import SituationStep, first_open_step

PICKUP_KEY, JUST_ASKED = "advice_question", "advice_just_asked"


CSRF_HOLE, STAMP_HOLE = Hole("csrf"), Hole("stamp")


@bp.route("/vraag-stellen", methods=["GET", "POST"])
@post_limit("10 per hour")
def ask_question():
    if request.method == "GET":
        # The empty form is the same for everyone with this language and municipality, but for its token and stamp.
        return same_for_everyone("ask", chosen_municipality_slug(), _empty_ask_page,
                                 holes={CSRF_HOLE: masked_csrf_token, STAMP_HOLE: new_stamp})
    form = _ask_form()
    held_back = False
    if form.validate_on_submit():
        if form.looks_automated():
            held_back = True  # a person who was very quick just sends again; a bot rarely does
        else:
            return _store_question(form)
    form.started.data = new_stamp()
    form.website.data = ""
    return render_template("resident/advice-ask.html", form=form, municipality=chosen_municipality(),
                           held_back=held_back)


def _ask_form() -> AskForm:
    form = AskForm()
    form.municipality.choices = [("", "—"), *municipality_choices(get_session())]
    return form


def _empty_ask_page() -> str:
    form, chosen = _ask_form(), chosen_municipality()
    form.municipality.data = chosen.slug if chosen else ""
    form.csrf_token.current_token, form.started.data = CSRF_HOLE.mark, STAMP_HOLE.mark
    return render_template("resident/advice-ask.html", form=form, municipality=chosen, held_back=False)


def _store_question(form):
    municipality = find_by_slug(get_session(), form.municipality.data)
    phone = normalise_phone(form.callback_phone.data) if form.callback_phone.data else None
    pick_up = advice.ask(get_session(), municipality_id=municipality.id, text=form.question.data.strip(),
                         topic=form.topic.data, group=form.group.data, callback_phone=phone,
                         language=str(get_locale()))
    remember_municipality(municipality)  # they said where they live: its number is on the next pages
    # Shown once on the next page and then gone: it lives only in the resident's own cookie until then.
    session[JUST_ASKED] = {"code": pick_up.code, "secret": pick_up.secret.text, "days": advice.KEEP_FOR.days,
                           "secret_language": pick_up.secret.language,
                           "digits": pick_up.secret.format is SecretFormat.DIGITS,
                           "answer_by": pick_up.answer_by.isoformat(), "callback": bool(phone)}
    return redirect(url_for(".show_question_asked"))


@bp.get("/vraag-stellen/verstuurd")
def show_question_asked():
    asked = session.pop(JUST_ASKED, None)
    if asked is None:
        return redirect(url_for(".pick_up_answer"))
    return render_template("resident/advice-asked.html", asked=asked, answer_by=date.fromisoformat(asked["answer_by"]),
                           municipality=chosen_municipality())


@bp.route("/vraag-ophalen", methods=["GET", "POST"])
@post_limit("5 per minute;20 per day")
def pick_up_answer():
    form, wrong, locked = PickUpForm(), False, None
    if form.validate_on_submit():
        try:
            token = advice.pick_up(get_session(), form.code.data, form.secret.data)
        except advice.QuestionLocked as exc:
            token, locked = None, exc.municipality
        if token is not None:
            advice.close_session(get_session(), session.get(PICKUP_KEY))
            session[PICKUP_KEY] = token
            return redirect(url_for(".show_conversation"))
        wrong = locked is None
    return render_template("resident/advice-pickup.html", form=form, wrong=wrong, locked=locked,
                           municipality=locked or chosen_municipality())


def _question_or_redirect():
    """The question of this device's server-side session; gone (closed, expired, deleted) means signed out."""
    question = advice.get_for_resident(get_session(), session.get(PICKUP_KEY))
    if question is None:
        session.pop(PICKUP_KEY, None)
    return question


def _conversation(question, form, signup_form):
    return render_template("resident/advice-conversation.html", question=question, status=advice.status_of(question),
                           ThreadState=ThreadState, form=form, signup_form=signup_form, close_form=EmptyForm(),
                           municipality=question.municipality)


@bp.route("/vraag-ophalen/gesprek", methods=["GET", "POST"])
@post_limit("20 per hour")
def show_conversation():
    question = _question_or_redirect()
    if question is None:
        return redirect(url_for(".pick_up_answer"))
    form = ReplyForm()
    if form.validate_on_submit():
        advice.reply(get_session(), question.id, form.text.data.strip())
        return redirect(url_for(".show_conversation") + "#laatste")
    return _conversation(question, form, AdviceToSignupForm())


@bp.post("/vraag-ophalen/aanmelden")
@limiter.shared_limit(SIGNUP_DRAFTS_LIMIT, scope="signup-drafts")  # the same count as /aanmelden/start
def advice_to_signup():
    question = _question_or_redirect()
    if question is None:
        return redirect(url_for(".pick_up_answer"))
    form = AdviceToSignupForm()
    if not form.validate_on_submit():
        return _conversation(question, ReplyForm(), form)
    if form.consent.data != "yes":
        return redirect(url_for(".show_conversation"))
    situation = SituationStep.from_question(question.messages[0].text, question.group)
    draft = signup.start_draft(get_session(), DraftContext.begin(source=ANONYMOUS_ADVICE_SOURCE),
                               unfinished={SituationStep.slug: situation})
    # The question goes on as a sign-up, so it leaves the staff inbox; a later reply from the resident reopens it.
    advice.close_after_signup(get_session(), question.id)
    session[DRAFT_KEY] = draft.id
    return redirect(url_for(".fill_signup_step", slug=first_open_step(draft.answers, draft.draft_context).slug))


@bp.post("/vraag-ophalen/sluiten")
def close_conversation():
    if not EmptyForm().validate_on_submit():
        abort(400)
    advice.close_session(get_session(), session.pop(PICKUP_KEY, None))
    return redirect(url_for(".show_start"))
