"""The second sign-in step: a code from an authenticator app, and setting that app up at the first login."""

import functools

from flask import redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.db import get_session
from portal.extensions import post_limit
from portal.rules import totp
from portal.security_log import security_event
from portal.services import audit
from portal.services.staff_auth import check_code, confirm_set_up, set_up_key
from portal.staff import bp
from portal.staff.access import pending_member, pending_set_up_nonce, public_staff_page, start_staff_session
from portal.staff.auth_forms import CodeForm, SetUpForm
from portal.staff.qr import qr_svg

ISSUER = "Werkplek schuldhulp"
# Whoever gets here typed the right password, so saying "wait" or "locked" tells them nothing they may not know.
CODE_PROBLEMS = {
    "wrong": _l("Deze code klopt niet. Typ de code die nu in de app staat."),
    "wait": _l("U probeerde het te vaak. Wacht even en probeer het opnieuw."),
    "locked": _l("Dit account is geblokkeerd na te veel pogingen. Vraag de beheerder om het te deblokkeren."),
    "reused": _l("Deze code is al gebruikt. Wacht tot de app een nieuwe code laat zien."),
}
ENROLMENT_PROBLEM = _l("Deze inschrijfcode klopt niet of is verlopen. Kijk of u hem goed overnam, of vraag de "
                       "beheerder om een nieuwe.")


def after_the_password(view):
    """Only for whoever typed the right password in the last five minutes; others start at the login again."""
    @functools.wraps(view)
    def wrapper():
        member = pending_member()
        if member is None:
            return redirect(url_for("staff.log_in", opnieuw=1))
        return view(member)

    return wrapper


@bp.route("/inloggen/code", methods=["GET", "POST"])
@post_limit("20 per minute")
@public_staff_page
@after_the_password
def enter_code(member):
    if not member.totp_confirmed:
        return redirect(url_for("staff.set_up_two_factor"))
    form, problem = CodeForm(), None
    if form.validate_on_submit():
        done, problem = _check(member, form)
        if done:
            return done
    return render_template("staff/login-code.html", form=form, problem=problem)


@bp.route("/inloggen/app-instellen", methods=["GET", "POST"])
@post_limit("20 per minute")
@public_staff_page
@after_the_password
def set_up_two_factor(member):
    if member.totp_confirmed:
        return redirect(url_for("staff.enter_code"))
    key = set_up_key(member, pending_set_up_nonce())
    if key is None:  # a later login (here or elsewhere) started a new set-up: this key is no longer the one
        return redirect(url_for("staff.log_in", opnieuw="instellen"))
    form, problem = SetUpForm(), None
    if form.validate_on_submit():
        result = confirm_set_up(get_session(), member, pending_set_up_nonce(), form.enrolment_code.data,
                                form.code.data)
        if result.member is not None:
            security_event("two_factor_set_up", "success", actor=member.id)
            audit.record(get_session(), member, "two_factor_set_up")
            return _finish(result.member)
        security_event("two_factor_set_up", result.problem, actor=member.id)
        if result.problem == "stale":
            return redirect(url_for("staff.log_in", opnieuw="instellen"))
        if result.problem == "enrolment":  # next to the field it is about
            form.enrolment_code.errors.append(ENROLMENT_PROBLEM)
        else:
            problem = _code_problem(result.problem)
    uri = totp.provisioning_uri(key, member.email, ISSUER)
    return render_template("staff/two-factor-set-up.html", form=form, problem=problem,
                           qr=Markup(qr_svg(uri, str(_l("QR-code om de app in te stellen")))),
                           secret=totp.grouped(key))


def _check(member, form):
    result = check_code(get_session(), member, form.code.data)
    if result.member is None:
        security_event("login_code", result.problem, actor=member.id)
        return None, _code_problem(result.problem)
    return _finish(result.member), None


def _code_problem(problem):
    # "disabled" only when the account was disabled during this very login: the administrator is who can help.
    return CODE_PROBLEMS.get(problem, CODE_PROBLEMS["locked"])


def _finish(member):
    next_url = start_staff_session(member)
    audit.record(get_session(), member, "log_in")
    security_event("login", "success", actor=member.id)
    return redirect(next_url)
