"""The client experience survey behind the single-use link a resident got when their case closed (/ervaring/<token>).
The page shows nothing about the resident or the case: the invitation knows neither."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import refresh

from portal.db import get_session
from portal.extensions import post_limit
from portal.resident import bp
from portal.resident.survey_forms import SurveyForm
from portal.services import survey


def _in_language(code: str | None) -> None:
    """The invitation's language, unless the resident chose one (i18n.select_locale reads this after the cookie)."""
    g.preferred_locale = code
    refresh()


@bp.route("/ervaring/<string:token>", methods=["GET", "POST"])
@post_limit("30 per hour")
def answer_survey(token: str):
    try:
        invitation = survey.open_invitation(get_session(), token)
    except survey.InvitationGone:
        return render_template("resident/survey-gone.html"), 404
    language = invitation.language
    _in_language(language)
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            survey.answer(get_session(), token, form.answers())
        except survey.InvitationGone:
            return render_template("resident/survey-gone.html"), 404
        return redirect(url_for(".show_survey_thanks", taal=language))
    return render_template("resident/survey.html", form=form)


@bp.get("/ervaring-bedankt")
def show_survey_thanks():
    _in_language(request.args.get("taal"))
    return render_template("resident/survey-thanks.html")
