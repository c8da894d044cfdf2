from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.domain.casework import RESIDENT_ADDITION, ContactKind
from portal.domain.status import AanmeldingStatus
from portal.forms import EmptyForm
from portal.labels import label
from portal.models import StaffRole
from portal.rules.appointments import REMINDER_HOUR, AppointmentError
from portal.rules.case_status import StatusRuleError
from portal.rules.contact_attempt import ContactRefused, Fit
from portal.rules.deadlines import local_date
from portal.security_log import security_event
from portal.services import appointments, case_messages, cases, handovers, outbox, retention
from portal.services.source_labels import source_labels
from portal.staff import aftercare_views, bp, early_warning_views, handover_views, letter_views
from portal.staff.access import COORDINATORS, KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.case_forms import (
    AppointmentForm,
    ContactAttemptForm,
    NoteForm,
    StatusForm,
    appointment_error,
    offer_contact_kinds,
)
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
    return _case_page(case_id)


def describe_appointment(afspraak) -> str:
    """"di 9 dec 2026 14:30, telefonisch" or "... , Raadhuisplein 1": for the page, the form and the flash."""
    where = _("telefonisch") if afspraak.by_phone else afspraak.place
    return f"{format_datetime(afspraak.starts_at, 'EEE d MMM y HH:mm')}, {where}"


def _message_parts(session, aanmelding, appointment_form: AppointmentForm | None) -> dict:
    """What the case page shows of messages and appointments."""
    messages = outbox.for_case(session, aanmelding.id)
    upcoming = appointments.upcoming(session, aanmelding)
    form = appointment_form or AppointmentForm(data=kept_fields("staff.plan_appointment"))
    return {"events": case_messages.timeline(session, aanmelding, messages),
            "doubtful": case_messages.doubtful_addresses(messages), "can_send": outbox.can_send(),
            "tried_refusal": case_messages.tried_to_call_refusal(session, aanmelding),
            "upcoming": upcoming, "appointments_by_id": appointments.all_of(session, aanmelding),
            "appointment_form": form.with_upcoming(upcoming, describe_appointment),
            "appointment_no_message": appointments.why_no_message(aanmelding),
            "appointment_route": outbox.route_to(aanmelding), "reminder_hour": REMINDER_HOUR,
            "describe_appointment": describe_appointment, "now": utcnow()}


def _case_page(case_id: int, contact_form: ContactAttemptForm | None = None,
               appointment_form: AppointmentForm | None = None):
    """The case page; with the contact or appointment form as it was posted when that was refused, so what was
    typed stays."""
    session, member = get_session(), current_staff()
    view = _guarded(lambda: handovers.open_case(session, member, case_id))
    if view.handover is not None and member.role == StaffRole.CASEWORKER:
        return handover_views.partner_case_page(view)  # only what the resident agreed to share
    aanmelding = view.case
    status_form = StatusForm()
    parts = _message_parts(session, aanmelding, appointment_form)
    state = cases.deadline_state_of(aanmelding, local_date(utcnow()))
    tries = [e for e in parts["events"] if e.kind == "contact"]
    contact_form = contact_form or ContactAttemptForm(data=kept_fields("staff.log_contact_attempt"))
    offer_contact_kinds(contact_form, aanmelding)
    source = source_labels(session, aanmelding.municipality_id).get(aanmelding.source, aanmelding.source)
    return render_template("staff/case.html", case=aanmelding, deadline=state, tries=tries, **parts,
                           claim_form=EmptyForm(), status_form=status_form, resident_addition=RESIDENT_ADDITION,
                           contact_form=contact_form, source=source,
                           note_form=NoteForm(data=kept_fields("staff.add_case_note")),
                           duplicates=cases.possible_duplicates(session, aanmelding),
                           **handover_views.case_page_parts(aanmelding),
                           **letter_views.case_page_parts(aanmelding, member.role),
                           **early_warning_views.case_page_parts(aanmelding, member.role),
                           **aftercare_views.case_page_parts(aanmelding, member.role))


def _back_to_case(case_id: int, anchor: str | None = None):
    """After a save, the top of the page, where the message says what was saved; else the form it came from."""
    return redirect(url_for("staff.show_case", case_id=case_id, _anchor=anchor))


@bp.post("/zaak/<int:case_id>/oppakken")
@staff_required(*COORDINATORS)
@staff_writes
def claim_case(case_id: int):
    if EmptyForm().validate_on_submit():
        won, holder = _guarded(lambda: cases.claim(get_session(), current_staff(), case_id))
        if won:
            flash(("ok", _("Opgeslagen: u hebt deze zaak opgepakt.")))
        else:
            flash(("claim_lost", holder.name if holder else ""))
    return _back_to_case(case_id)


@bp.post("/zaak/<int:case_id>/contact")
@staff_required(keep=KeepTyped("staff.show_case", ("kind", "reached", "note"), anchor="contact"))
@staff_writes
def log_contact_attempt(case_id: int):
    form = ContactAttemptForm()
    if not form.validate_on_submit():
        return _case_page(case_id, contact_form=form)
    try:
        fit = _guarded(lambda: cases.log_contact(get_session(), current_staff(), case_id, kind=form.kind.data,
                                                 reached=form.reached.data == "yes", note=form.note.data))
    except ContactRefused:
        form.kind.errors.append(_("Deze persoon wil geen voicemail. Kies wat u wel deed, bijvoorbeeld ‘Gebeld’."))
        return _case_page(case_id, contact_form=form)
    flash(("ok", _("Opgeslagen: contactpoging ‘%(kind)s’.", kind=label(form.kind.data, ContactKind))))
    if fit == Fit.NOT_AGREED:
        flash(("warning", _("Let op: deze persoon koos niet voor deze manier van contact.")))
    return _back_to_case(case_id)


@bp.post("/zaak/<int:case_id>/status")
@staff_required()
@staff_writes
def change_case_status(case_id: int):
    form = StatusForm()
    if form.validate_on_submit():
        try:
            _guarded(lambda: cases.change_status(get_session(), current_staff(), case_id, target=form.target.data,
                                                 reason=form.reason.data or None))
        except StatusRuleError as error:
            flash(("form_error", status_rule_message(error.code)))
        else:
            flash(("ok", _("Opgeslagen: de status is nu ‘%(status)s’.",
                           status=label(form.target.data, AanmeldingStatus))))
            return _back_to_case(case_id)
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return _back_to_case(case_id, "status")


@bp.post("/zaak/<int:case_id>/notitie")
@staff_required(keep=KeepTyped("staff.show_case", ("text",), anchor="notities"))
@staff_writes
def add_case_note(case_id: int):
    form = NoteForm()
    if form.validate_on_submit():
        _guarded(lambda: cases.add_note(get_session(), current_staff(), case_id, form.text.data))
        flash(("ok", _("Opgeslagen: uw notitie staat in de tijdlijn.")))
        return _back_to_case(case_id)
    flash(("form_error", next(iter(form.errors.values()))[0]))
    return _back_to_case(case_id, "notities")


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


@bp.post("/zaak/<int:case_id>/we-probeerden-te-bellen")
@staff_required()
@staff_writes
def send_tried_to_call(case_id: int):
    """One button: a contact attempt by sms (not reached) and the sms "we tried to call you", once a day."""
    if EmptyForm().validate_on_submit():
        try:
            _guarded(lambda: case_messages.tried_to_call(get_session(), current_staff(), case_id))
        except case_messages.NotSent as refused:
            flash(("warning", label(refused.reason)))
        else:
            flash(("ok", _("Opgeslagen: contactpoging ‘Sms gestuurd’, niet bereikt. De sms ‘We probeerden u te "
                           "bellen’ wacht op verzenden; de tijdlijn laat zien of hij aankomt.")))
    return _back_to_case(case_id)


@bp.post("/zaak/<int:case_id>/afspraak")
@staff_required(*COORDINATORS, keep=KeepTyped("staff.show_case", ("day", "time", "where", "place", "replaces"),
                                              anchor="afspraak"))
@staff_writes
def plan_appointment(case_id: int):
    form = AppointmentForm()
    if not form.validate_on_submit():
        return _case_page(case_id, appointment_form=form)
    day, at, by_phone, replaces, problems = form.parsed()
    try:
        planned = _guarded(lambda: appointments.plan(get_session(), current_staff(), case_id, day=day, at=at,
                                                     by_phone=by_phone, place=form.place.data, replaces=replaces))
    except AppointmentError as error:
        form.show_errors({**error.errors, **problems})
        return _case_page(case_id, appointment_form=form)
    flash(("ok", _("Opgeslagen: afspraak op %(appointment)s.", appointment=describe_appointment(planned.afspraak))))
    if planned.no_message is not None:
        flash(("warning", label(planned.no_message)))
    elif planned.reminder is None:
        flash(("ok", _("Het bericht over de afspraak wacht op verzenden. Geen herinnering: de afspraak is binnen een "
                       "dag, het bericht zelf is dan de herinnering.")))
    else:
        flash(("ok", _("Het bericht over de afspraak wacht op verzenden; de herinnering gaat %(moment)s.",
                       moment=format_datetime(planned.reminder.next_attempt_at, "EEE d MMM HH:mm"))))
    return _back_to_case(case_id)


@bp.post("/zaak/<int:case_id>/afspraak/<int:appointment_id>/afzeggen")
@staff_required(*COORDINATORS)
@staff_writes
def cancel_appointment(case_id: int, appointment_id: int):
    if EmptyForm().validate_on_submit():
        try:
            cancelled = _guarded(lambda: appointments.cancel(get_session(), current_staff(), case_id,
                                                             appointment_id))
        except AppointmentError as error:
            flash(("form_error", appointment_error(next(iter(error.errors.values())))))
        else:
            flash(("ok", _("De afspraak is afgezegd. Er gaat een kort bericht dat de afspraak niet doorgaat.")
                   if cancelled.notice else _("De afspraak is afgezegd. Er gaat geen bericht over: het eerste "
                                              "bericht was nog niet verstuurd, of er is geen e-mail of sms.")))
    return _back_to_case(case_id)
