"""Warm handover: the coordinator hands a case over (and records the resident's consent to share), a partner
caseworker accepts or returns it from their start page, and the coordinators' overview of every handover."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.forms import EmptyForm
from portal.models import Aanmelding, StaffRole
from portal.rules import handover as handover_rules
from portal.rules.case_status import StatusRuleError
from portal.rules.deadlines import local_date
from portal.security_log import security_event
from portal.services import cases, handovers
from portal.staff import bp
from portal.staff.access import COORDINATORS, KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.case_forms import NoteForm
from portal.staff.handover_forms import HandoverFilterForm, HandoverForm, ReturnForm, ShareConsentForm
from portal.staff.labels import status_rule_message
from portal.staff.limits import staff_writes


def handover_rule_message(code: str) -> str:
    messages = {
        "partner_needed": _("Kies aan welke partner u overdraagt."),
        "why_needed": _("Schrijf waarom u de zaak overdraagt."),
        "already_decided": _("Over deze overdracht is al beslist."),
        "reason_needed": _("Schrijf waarom u de zaak terugstuurt."),
    }
    return messages[code]


def _guarded(call):
    try:
        return call()
    except (cases.CaseNotFound, handovers.HandoverNotFound):
        security_event("handover_access", "not_found", actor=current_staff().id)
        abort(404)
    except cases.CaseForbidden:
        security_event("handover_access", "denied", actor=current_staff().id)
        abort(403)


def case_page_parts(aanmelding: Aanmelding) -> dict:
    """What the coordinator's case page shows of handovers: the latest one, and the two forms."""
    kept = kept_fields("staff.hand_over_case")
    return {"handover": handovers.latest_for_case(get_session(), aanmelding), "today": local_date(utcnow()),
            "handover_form": HandoverForm(data=kept).with_partners(aanmelding.municipality.partners),
            "consent_form": ShareConsentForm(data={"share_consent": aanmelding.share_consent}),
            "is_overdue": handover_rules.is_overdue}


def partner_case_page(view: handovers.CaseView):
    """A partner caseworker's page of a case that came through a handover: only the groups the resident agreed to."""
    events = cases.timeline(get_session(), view.case)
    return render_template("staff/handover-case.html", case=view.case, handover=view.handover, view=view,
                           events=events, today=local_date(utcnow()), decide_form=EmptyForm(),
                           return_form=ReturnForm(), note_form=NoteForm(data=kept_fields("staff.add_case_note")),
                           is_overdue=handover_rules.is_overdue)


@bp.get("/start")
@staff_required(StaffRole.CASEWORKER)
def show_start():
    """A partner caseworker's start page: handovers waiting for their organisation, their cases, and assisted ones."""
    return render_template("staff/start.html", inbox=handovers.inbox(get_session(), current_staff()),
                           today=local_date(utcnow()), decide_form=EmptyForm(), is_overdue=handover_rules.is_overdue)


@bp.get("/overdrachten")
@staff_required(*COORDINATORS)
def show_handovers():
    form = HandoverFilterForm(request.args)
    state = form.state.data if form.validate() else ""
    today = local_date(utcnow())
    result = handovers.overview(get_session(), current_staff(), today=today, state=state or "")
    return render_template("staff/handovers.html", form=form, overview=result, today=today,
                           is_overdue=handover_rules.is_overdue)


@bp.post("/zaak/<int:case_id>/overdragen")
@staff_required(*COORDINATORS, keep=KeepTyped("staff.show_case", ("why",), anchor="overdracht"))
@staff_writes
def hand_over_case(case_id: int):
    form = HandoverForm()
    form.partner_id.choices = None  # checked by the service against the municipality's own partners
    form.partner_id.validate_choice = False
    if form.validate_on_submit():
        try:
            handover = _guarded(lambda: handovers.hand_over(get_session(), current_staff(), case_id,
                                                            partner_id=form.partner_id.data, why=form.why.data))
            flash(("ok", _("De zaak is overgedragen aan %(partner)s.", partner=handover.partner.name)))
        except handover_rules.HandoverRuleError as error:
            flash(("form_error", handover_rule_message(error.code)))
        except StatusRuleError as error:
            flash(("form_error", status_rule_message(error.code)))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_case", case_id=case_id) + "#overdracht")


@bp.post("/zaak/<int:case_id>/toestemming-delen")
@staff_required(*COORDINATORS)
@staff_writes
def record_share_consent(case_id: int):
    form = ShareConsentForm()
    if form.validate_on_submit():
        _guarded(lambda: handovers.record_consent(get_session(), current_staff(), case_id, form.share_consent.data))
        flash(("ok", _("Vastgelegd wat de inwoner zei over gegevens delen.")))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_case", case_id=case_id) + "#overdracht")


@bp.post("/overdracht/<int:handover_id>/accepteren")
@staff_required(StaffRole.CASEWORKER)
@staff_writes
def accept_handover(handover_id: int):
    session, member = get_session(), current_staff()
    handover = _guarded(lambda: handovers.for_my_partner(session, member, handover_id))
    try:
        handovers.accept(session, member, handover.id)
    except handover_rules.HandoverRuleError as error:
        flash(("form_error", handover_rule_message(error.code)))
        return redirect(url_for("staff.show_start"))
    flash(("ok", _("U heeft de zaak geaccepteerd. Neem contact op met de inwoner.")))
    return redirect(url_for("staff.show_case", case_id=handover.aanmelding_id))


@bp.post("/overdracht/<int:handover_id>/terugsturen")
@staff_required(StaffRole.CASEWORKER)
@staff_writes
def return_handover(handover_id: int):
    session, member = get_session(), current_staff()
    handover = _guarded(lambda: handovers.for_my_partner(session, member, handover_id))
    form = ReturnForm()
    try:
        handovers.send_back(session, member, handover.id, form.return_reason.data if form.validate() else None)
    except handover_rules.HandoverRuleError as error:
        flash(("form_error", handover_rule_message(error.code)))
        return redirect(url_for("staff.show_case", case_id=handover.aanmelding_id) + "#terugsturen")
    flash(("ok", _("De zaak is teruggestuurd naar de ketenregisseur.")))
    return redirect(url_for("staff.show_start"))
