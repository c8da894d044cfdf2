from datetime import timedelta

from flask import redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from portal.db import get_session
from portal.extensions import post_limit
from portal.forms import EmptyForm
from portal.security_log import security_event
from portal.services import audit, staff_sessions
from portal.services.staff_auth import log_in as check_login
from portal.services.staff_auth import start_set_up
from portal.staff import bp
from portal.staff.access import (
    KEPT_FORM,
    begin_second_step,
    current_staff,
    end_staff_session,
    public_staff_page,
    staff_page,
    staff_required,
    start_page,
)
from portal.staff.auth_forms import LoginForm

MINUTE = timedelta(minutes=1)
# One answer whatever went wrong (unknown address, disabled, wrong password, throttled, locked), so the page tells
# nobody which addresses have an account. No number of seconds in it: the wait grows (services/staff_auth.py).
LOGIN_PROBLEM = _l("Dit e-mailadres of wachtwoord klopt niet, of u probeerde het te vaak. Wacht even en probeer "
                   "het opnieuw. Lukt het steeds niet? Vraag dan de beheerder om hulp.")


@bp.route("/inloggen", methods=["GET", "POST"])
@post_limit("20 per minute")
@public_staff_page
def log_in():
    form, problem = LoginForm(), None
    if form.validate_on_submit():
        result = check_login(get_session(), form.email.data, form.password.data)
        if result.member is not None:
            # No staff session yet: that starts only after the code from the app (two_factor_views.py).
            member = result.member
            next_url = staff_page(request.args.get("next")) or start_page(member)
            if member.totp_confirmed:
                begin_second_step(member, next_url)
                return redirect(url_for("staff.enter_code"))
            begin_second_step(member, next_url, set_up_nonce=start_set_up(get_session(), member))
            return redirect(url_for("staff.set_up_two_factor"))
        # Why, and the account's id, for the log only; never the e-mail address typed.
        security_event("login", result.problem, actor=result.account_id)
        problem = LOGIN_PROBLEM
    return render_template("staff/login.html", form=form, problem=problem,
                           idle=request.args.get("verlopen") == "1", again=request.args.get("opnieuw"),
                           idle_minutes=staff_sessions.IDLE_LIMIT // MINUTE,
                           pending_minutes=staff_sessions.PENDING_LIMIT // MINUTE,
                           kept_minutes=staff_sessions.KEEP_TYPED_FOR // MINUTE if KEPT_FORM in session else None)


@bp.post("/uitloggen")
@staff_required()
def log_out():
    if EmptyForm().validate_on_submit():
        member = current_staff()
        if request.form.get("everywhere"):
            staff_sessions.end_all(get_session(), member.id)
        security_event("logout_everywhere" if request.form.get("everywhere") else "logout", "success", actor=member.id)
        audit.record(get_session(), member, "log_out")
        end_staff_session()
    return redirect(url_for("staff.log_in"))
