"""After-care (nazorg) in the workspace: the coordinators' queue of closed cases being kept in touch with, and one
after-care page with its contact moments, check-in answers, new early-warning signals and contact attempts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.domain.casework import ContactKind
from portal.forms import EmptyForm
from portal.labels import label
from portal.paging import page_number
from portal.rules.contact_attempt import ContactRefused, Fit
from portal.rules.deadlines import local_date
from portal.security_log import security_event
from portal.services import aftercare
from portal.staff import bp
from portal.staff.access import COORDINATORS, KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.aftercare_forms import AftercareContactForm
from portal.staff.limits import staff_writes

ENDED = "afgerond"  # ?toon=afgerond: the ended after-care


def _guarded(call):
    try:
        return call()
    except aftercare.TrajectNotFound:
        security_event("aftercare_access", "not_found", actor=current_staff().id)
        abort(404)


@bp.get("/nazorg")
@staff_required(*COORDINATORS)
def show_aftercare_queue():
    ended = request.args.get("toon") == ENDED
    today = local_date(utcnow())
    return render_template("staff/aftercare-queue.html", ended=ended, today=today,
                           result=aftercare.queue(get_session(), current_staff(), ended=ended, page=page_number(),
                                                  today=today))


def describe_moment(moment) -> str:
    return ngettext("Contactmoment %(number)s: na %(num)s maand, %(day)s",
                    "Contactmoment %(number)s: na %(num)s maanden, %(day)s", moment.months, number=moment.number,
                    day=format_date(moment.due_on, "d MMM y"))


def _page(traject_id: int, contact_form: AftercareContactForm | None = None):
    session, member, today = get_session(), current_staff(), local_date(utcnow())
    view = _guarded(lambda: aftercare.open_traject(session, member, traject_id, today=today))
    form = contact_form or AftercareContactForm(data=kept_fields("staff.log_aftercare_contact"))
    form.for_moments(view.traject.moments, view.contact_moment, describe_moment)
    return render_template("staff/aftercare-case.html", view=view, traject=view.traject, today=today,
                           contact_form=form, action_form=EmptyForm())


@bp.get("/nazorg/<int:traject_id>")
@staff_required(*COORDINATORS)
def show_aftercare(traject_id: int):
    return _page(traject_id)


def _back(traject_id: int):
    return redirect(url_for("staff.show_aftercare", traject_id=traject_id))


@bp.post("/nazorg/<int:traject_id>/oppakken")
@staff_required(*COORDINATORS)
@staff_writes
def claim_aftercare(traject_id: int):
    if EmptyForm().validate_on_submit():
        won, holder = _guarded(lambda: aftercare.claim(get_session(), current_staff(), traject_id))
        flash(("ok", _("Opgeslagen: u hebt deze nazorg opgepakt.")) if won
              else ("claim_lost", holder.name if holder else ""))
    return _back(traject_id)


@bp.post("/nazorg/<int:traject_id>/contact")
@staff_required(*COORDINATORS, keep=KeepTyped("staff.show_aftercare", ("kind", "reached", "moment", "note"),
                                              anchor="contact"))
@staff_writes
def log_aftercare_contact(traject_id: int):
    form = AftercareContactForm()
    if not form.validate_on_submit():
        return _page(traject_id, contact_form=form)
    chosen = form.moment.data or ""
    if chosen and not chosen.isdigit():
        form.show_unknown_moment()
        return _page(traject_id, contact_form=form)
    try:
        fit = _guarded(lambda: aftercare.log_contact(
            get_session(), current_staff(), traject_id, kind=form.kind.data, reached=form.reached.data == "yes",
            moment_number=int(chosen) if chosen else None, in_between=not chosen, note=form.note.data))
    except ContactRefused:
        form.kind.errors.append(_("Deze persoon wil geen voicemail. Kies wat u wel deed, bijvoorbeeld ‘Gebeld’."))
        return _page(traject_id, contact_form=form)
    except aftercare.UnknownMoment:
        form.show_unknown_moment()
        return _page(traject_id, contact_form=form)
    except aftercare.TrajectEnded:
        flash(("form_error", _("Deze nazorg is afgerond. Er kan geen contactpoging meer bij.")))
        return _back(traject_id)
    flash(("ok", _("Opgeslagen: contactpoging ‘%(kind)s’.", kind=label(form.kind.data, ContactKind))))
    if fit == Fit.NOT_AGREED:
        flash(("warning", _("Let op: deze persoon koos niet voor deze manier van contact.")))
    return _back(traject_id)


@bp.post("/nazorg/<int:traject_id>/signaal-gezien")
@staff_required(*COORDINATORS)
@staff_writes
def mark_aftercare_signal_seen(traject_id: int):
    if EmptyForm().validate_on_submit():
        _guarded(lambda: aftercare.mark_signal_seen(get_session(), current_staff(), traject_id))
        flash(("ok", _("Opgeslagen: het nieuwe vroegsignaal is gezien.")))
    return _back(traject_id)


@bp.post("/nazorg/<int:traject_id>/afronden")
@staff_required(*COORDINATORS)
@staff_writes
def end_aftercare(traject_id: int):
    if EmptyForm().validate_on_submit():
        ended = _guarded(lambda: aftercare.end_needs_nothing(get_session(), current_staff(), traject_id))
        flash(("ok", _("Opgeslagen: de nazorg is afgerond. De inwoner heeft niets meer nodig.")) if ended
              else ("notice", _("Deze nazorg was al afgerond. Er is niets veranderd.")))
    return _back(traject_id)


def case_page_parts(aanmelding, role) -> dict:
    """For the case page: the after-care line (coordinators, who may open the after-care page)."""
    if role not in COORDINATORS:
        return {"aftercare_row": None}
    return {"aftercare_row": aftercare.status_line(get_session(), aanmelding)}
