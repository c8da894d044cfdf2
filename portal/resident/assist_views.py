"""A resident types the code a staff member shows, so the sign-up on their own phone is linked to that person."""

from flask import redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from portal.db import get_session
from portal.extensions import post_limit
from portal.forms import PortalForm
from portal.resident import bp
from portal.resident.municipality_context import chosen_municipality
from portal.services import assist
from portal.signup import DRAFT_KEY

ASSISTED_KEY = "assisted_by"


class AssistCodeForm(PortalForm):
    code = StringField(_l("De code van uw hulpverlener"), description=_l("6 tekens, bijvoorbeeld KP7 3XA."),
                       validators=[InputRequired(_l("Vul de code in.")), Length(max=12)],
                       render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})


@bp.route("/aanmelden/code", methods=["GET", "POST"])
@post_limit("10 per minute;50 per day")  # the code space is small: guessing must stay slow
def enter_assist_code():
    form, linked = AssistCodeForm(), False
    if form.validate_on_submit():
        staff_id = assist.redeem(get_session(), form.code.data)
        if staff_id is None:
            form.code.errors.append(_l("Deze code klopt niet of is verlopen. Vraag uw hulpverlener om een nieuwe."))
        else:
            session[ASSISTED_KEY] = staff_id
            if session.get(DRAFT_KEY):
                assist.mark_assisted(get_session(), session[DRAFT_KEY], staff_id)
            linked = True
    if linked:
        return redirect(url_for(".show_signup_intro", gekoppeld=1))
    return render_template("resident/assist-code.html", form=form, municipality=chosen_municipality())
