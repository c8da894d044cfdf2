from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.domain.casework import RESIDENT_ADDITION
from portal.forms import EmptyForm
from portal.models import StaffRole
from portal.rules.case_status import StatusRuleError
from portal.rules.deadlines import local_date
from portal.security_log import security_event
from portal.services import cases, retention
from portal.staff import bp
from portal.staff.access import COORDINATORS, KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.case_forms import ContactAttemptForm, NoteForm, StatusForm
from portal.staff.labels import status_rule_message
from portal.staff.limits import staff_writes


def _guarded(call):
    try:
        return call()
    except cases.CaseNotFound:
        security_event("case_access", "not_found", actor=current_staff().id)
        abort(404)
    except cases.CaseForbidden:
        security_event("case_access", "denied", actor=current_staff().id)
        abort(403)


@bp.get("/zaak/<int:case_id>")
@staff_required()
def show_case(case_id: int):
    session, member = get_session(), current_staff()
    aanmelding = _guarded(lambda: cases.open_case(session, member, case_id))
    status_form = StatusForm()
    status_form.partner.choices = [("", "—")] + [(p.name, p.name) for p in aanmelding.municipality.partners]
    events = cases.timeline(session, aanmelding)
    state = cases.deadline_state_of(aanmelding, local_date(utcnow()))
    tries = [e for e in events if e.kind == "contact"]
    return render_template("staff/case.html", case=aanmelding, events=events, deadline=state, tries=tries,
                           claim_form=EmptyForm(), status_form=status_form, resident_addition=RESIDENT_ADDITION,
                           contact_form=ContactAttemptForm(data=kept_fields("staff.log_contact_attempt")),
                           note_form=NoteForm(data=kept_fields("staff.add_case_note")),
                           duplicates=cases.possible_duplicates(session, aanmelding))


@bp.post("/zaak/<int:case_id>/oppakken")
@staff_required(*COORDINATORS)
@staff_writes
def claim_case(case_id: int):
    if EmptyForm().validate_on_submit():
        won, holder = _guarded(lambda: cases.claim(get_session(), current_staff(), case_id))
        if not won:
            flash(("claim_lost", holder.name if holder else ""))
    return redirect(url_for("staff.show_case", case_id=case_id))


@bp.post("/zaak/<int:case_id>/contact")
@staff_required(keep=KeepTyped("staff.show_case", ("kind", "reached", "note"), anchor="contact"))
@staff_writes
def log_contact_attempt(case_id: int):
    form = ContactAttemptForm()
    if form.validate_on_submit():
        _guarded(lambda: cases.log_contact(get_session(), current_staff(), case_id, kind=form.kind.data,
                                           reached=form.reached.data == "yes", note=form.note.data))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_case", case_id=case_id) + "#contact")


@bp.post("/zaak/<int:case_id>/status")
@staff_required()
@staff_writes
def change_case_status(case_id: int):
    form = StatusForm()
    form.partner.choices = []
    if form.validate_on_submit():
        try:
            _guarded(lambda: cases.change_status(get_session(), current_staff(), case_id, target=form.target.data,
                                                 reason=form.reason.data or None, partner=form.partner.data or None))
        except StatusRuleError as error:
            flash(("form_error", status_rule_message(error.code)))
    return redirect(url_for("staff.show_case", case_id=case_id) + "#status")


@bp.post("/zaak/<int:case_id>/notitie")
@staff_required(keep=KeepTyped("staff.show_case", ("text",), anchor="notities"))
@staff_writes
def add_case_note(case_id: int):
    form = NoteForm()
    if form.validate_on_submit():
        _guarded(lambda: cases.add_note(get_session(), current_staff(), case_id, form.text.data))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_case", case_id=case_id) + "#notities")


@bp.post("/zaak/<int:case_id>/wissen")
@staff_required(StaffRole.ADMINISTRATOR)
@staff_writes
def erase_case(case_id: int):
    """Erasure on the resident's request: asked once more, then gone; the audit log keeps only that it happened."""
    if request.form.get("confirm") != "1":
        return render_template("staff/erase-confirm.html", case_id=case_id, form=EmptyForm())
    if not retention.erase_case(get_session(), current_staff(), case_id):
        abort(404)
    security_event("erase_case", "success", actor=current_staff().id)
    flash(("ok", _("De zaak is gewist.")))
    return redirect(url_for("staff.show_queue"))
