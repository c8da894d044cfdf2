"""Early warning, outreach: the coordinator queues the invitations (a letter, and an sms where a number is known) for
every household whose approach is a letter and an sms (services/early_warning_outreach.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.db import get_session
from portal.services import early_warning_outreach
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.early_warning_outreach_forms import InviteForm
from portal.staff.limits import staff_writes


@bp.get("/vroegsignalen/uitnodigen")
@staff_required(*COORDINATORS)
def show_outreach():
    waiting = early_warning_outreach.waiting_count(get_session(), current_staff())
    return render_template("staff/early-warning-outreach.html", waiting=waiting, form=InviteForm())


@bp.post("/vroegsignalen/uitnodigen")
@staff_required(*COORDINATORS)
@staff_writes
def invite_households():
    if InviteForm().validate_on_submit():
        done = early_warning_outreach.invite(get_session(), current_staff())
        flash(("ok", _("Klaargezet: %(letters)s brieven en %(sms)s sms'jes voor %(households)s huishoudens.",
                       letters=done.letters, sms=done.sms, households=done.households)))
        if done.without_address:
            flash(("notice", _("%(count)s huishoudens hebben geen bruikbaar adres. Bel ze of ga langs.",
                               count=done.without_address)))
    return redirect(url_for("staff.show_outreach"))
