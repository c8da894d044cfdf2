from flask import redirect, render_template, session, url_for

from portal.db import get_session
from portal.domain.referrals import SignupChannel
from portal.forms import EmptyForm
from portal.services import assist, signup
from portal.signup import DRAFT_KEY
from portal.signup.steps import shown_steps
from portal.staff import bp
from portal.staff.access import current_staff, staff_required
from portal.staff.limits import staff_writes


@bp.get("/samen-invullen")
@staff_required()
def show_assist():
    return render_template("staff/assist.html", form=EmptyForm(), code=None)


@bp.post("/samen-invullen/hier")
@staff_required()
@staff_writes
def start_assisted_signup():
    """On the staff member's own laptop: the same resident forms, marked as assisted."""
    member = current_staff()
    context = {"channel": SignupChannel.ASSISTED, "assisted_by": member.id, "source": None, "selftest": None}
    draft = signup.start_draft(get_session(), context)
    session[DRAFT_KEY] = draft.id
    return redirect(url_for("resident.fill_signup_step", slug=shown_steps(context)[0].slug))


@bp.post("/samen-invullen/code")
@staff_required()
@staff_writes
def make_assist_code():
    """For the client's own phone: a code the client types in, linking their sign-up to this staff member."""
    code = assist.make_code(get_session(), current_staff())
    return render_template("staff/assist.html", form=EmptyForm(), code=code)
