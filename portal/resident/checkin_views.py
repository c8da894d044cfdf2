"""The after-care check-in (/nazorg/<token>): three questions behind a single-use link from a message.

No login: the link is the key. The page shows nothing of the person, not even a name, because a link can be
forwarded; only the municipality's number. A used, unknown, expired or ended link gets one and the same page.
"""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, session, url_for

from portal.db import get_session
from portal.extensions import limiter
from portal.resident import bp
from portal.resident.checkin_forms import CheckinForm
from portal.resident.municipality_context import chosen_municipality, remember_municipality
from portal.rules.aftercare_checkin import CALL_WITHIN_WORKING_DAYS, LINK_DAYS, NextStep
from portal.services import aftercare_checkins
from portal.services.aftercare_checkins import CheckinLinkGone

DONE_KEY = "checkin_done"  # what the thank-you page says; read once, then gone (a phone may be shared)


def _gone():
    return render_template("resident/checkin-gone.html", link_days=LINK_DAYS, municipality=chosen_municipality()), 404


@bp.get("/nazorg/<string:token>")
def show_checkin(token: str):
    try:
        link = aftercare_checkins.open_link(get_session(), token)
    except CheckinLinkGone:
        return _gone()
    return render_template("resident/checkin.html", form=CheckinForm(), municipality=link.municipality)


@bp.post("/nazorg/<string:token>")
@limiter.limit("20 per hour")
def answer_checkin(token: str):
    form = CheckinForm()
    try:
        if not form.validate_on_submit():
            link = aftercare_checkins.open_link(get_session(), token)
            return render_template("resident/checkin.html", form=form, municipality=link.municipality)
        answered = aftercare_checkins.answer(get_session(), token, form.answers())
    except CheckinLinkGone:
        return _gone()
    remember_municipality(answered.municipality)  # its number is on the next page and every page after
    session[DONE_KEY] = {"next": str(answered.next_step),
                         "call_by": answered.call_by.isoformat() if answered.call_by else None,
                         "ended": answered.ended}
    return redirect(url_for(".show_checkin_thanks"))


@bp.get("/nazorg/bedankt")
def show_checkin_thanks():
    done = session.pop(DONE_KEY, None)
    municipality = chosen_municipality()
    if not isinstance(done, dict) or done.get("next") not in set(NextStep) or municipality is None:
        return redirect(url_for(".show_start"))
    call_by = date.fromisoformat(done["call_by"]) if done.get("call_by") else None
    return render_template("resident/checkin-thanks.html", next_step=NextStep(done["next"]), call_by=call_by,
                           call_days=CALL_WITHIN_WORKING_DAYS, ended=bool(done.get("ended")),
                           municipality=municipality)
