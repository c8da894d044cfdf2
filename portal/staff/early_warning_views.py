"""Early warning (vroegsignalering) in the workspace: the queue of households, one household's page with its signals,
contact attempts and closing, and the outreach worker's home-visit list. Coordinators and administrators only."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.domain.early_warning import Contactsoort
from portal.forms import EmptyForm
from portal.labels import label
from portal.paging import page_number
from portal.rules.deadlines import local_date
from portal.security_log import security_event
from portal.services import early_warning_cases as ew
from portal.staff import bp
from portal.staff.access import COORDINATORS, KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.early_warning_forms import (
    FILTER_KEYS,
    CloseZaakForm,
    ContactpogingForm,
    EarlyWarningFilterForm,
    VisitDayForm,
)
from portal.staff.limits import staff_writes


def _guarded(call):
    try:
        return call()
    except ew.ZaakNotFound:
        security_event("early_warning_access", "not_found", actor=current_staff().id)
        abort(404)


def _filter_args() -> dict[str, str]:
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}


@bp.get("/vroegsignalen")
@staff_required(*COORDINATORS)
def show_early_warning_queue():
    session, member, today = get_session(), current_staff(), local_date(utcnow())
    form = EarlyWarningFilterForm(request.args)
    filters = ew.QueueFilter(approach=form.approach.data or "", partner_type=form.partner_type.data or "",
                             assigned=form.assigned.data or "", crisis=form.crisis.data, overdue=form.overdue.data,
                             page=page_number()) if form.validate() else ew.QueueFilter(page=page_number())
    return render_template("staff/early-warning-queue.html", form=form, today=today,
                           result=ew.queue(session, member, filters, today=today),
                           counts=ew.open_counts(session, member, today=today), filter_args=_filter_args())


def _household_page(zaak_id: int, attempt_form: ContactpogingForm | None = None,
                    close_form: CloseZaakForm | None = None):
    """The household's page; with a form as it was posted when it was refused, so what was typed stays."""
    session, member, today = get_session(), current_staff(), local_date(utcnow())
    view = _guarded(lambda: ew.open_zaak(session, member, zaak_id, today=today))
    if attempt_form is None:
        kept = kept_fields("staff.log_early_warning_attempt")
        soort = request.args.get("soort")
        attempt_form = ContactpogingForm(data=kept or {
            "datum": today.isoformat(), "soort": soort if soort in Contactsoort._value2member_map_ else ""})
    close_form = close_form or CloseZaakForm(data=kept_fields("staff.close_early_warning_case"))
    return render_template("staff/early-warning-case.html", view=view, zaak=view.zaak, today=today,
                           attempt_form=attempt_form, close_form=close_form, claim_form=EmptyForm())


@bp.get("/vroegsignalen/<int:zaak_id>")
@staff_required(*COORDINATORS)
def show_early_warning_case(zaak_id: int):
    return _household_page(zaak_id)


def _back(zaak_id: int, anchor: str | None = None):
    return redirect(url_for("staff.show_early_warning_case", zaak_id=zaak_id, _anchor=anchor))


@bp.post("/vroegsignalen/<int:zaak_id>/oppakken")
@staff_required(*COORDINATORS)
@staff_writes
def claim_early_warning_case(zaak_id: int):
    if EmptyForm().validate_on_submit():
        won, holder = _guarded(lambda: ew.claim(get_session(), current_staff(), zaak_id))
        flash(("ok", _("Opgeslagen: u hebt dit huishouden opgepakt.")) if won
              else ("claim_lost", holder.name if holder else ""))
    return _back(zaak_id)


@bp.post("/vroegsignalen/<int:zaak_id>/contactpoging")
@staff_required(*COORDINATORS, keep=KeepTyped("staff.show_early_warning_case",
                                              ("soort", "bereikt", "datum", "dagdeel", "note"),
                                              anchor="contactpoging"))
@staff_writes
def log_early_warning_attempt(zaak_id: int):
    form = ContactpogingForm()
    day = form.parsed_day(local_date(utcnow())) if form.validate_on_submit() else None
    if day is None:
        return _household_page(zaak_id, attempt_form=form)
    try:
        _guarded(lambda: ew.log_attempt(get_session(), current_staff(), zaak_id, soort=form.soort.data,
                                        bereikt=form.bereikt.data == "yes", datum=day,
                                        dagdeel=form.dagdeel.data, note=form.note.data))
    except ew.ZaakClosed:
        flash(("form_error", _("Deze zaak is al afgesloten. Er kan geen contactpoging meer bij.")))
        return _back(zaak_id)
    flash(("ok", _("Opgeslagen: contactpoging ‘%(kind)s’.", kind=label(form.soort.data, Contactsoort))))
    return _back(zaak_id)


@bp.post("/vroegsignalen/<int:zaak_id>/afsluiten")
@staff_required(*COORDINATORS, keep=KeepTyped("staff.show_early_warning_case", ("result",), anchor="afsluiten"))
@staff_writes
def close_early_warning_case(zaak_id: int):
    form = CloseZaakForm()
    if not form.validate_on_submit():
        return _household_page(zaak_id, close_form=form)
    try:
        closed = _guarded(lambda: ew.close(get_session(), current_staff(), zaak_id, result=form.result.data))
    except ew.ClosingRefused as refused:
        form.show_refusal(refused.code)
        return _household_page(zaak_id, close_form=form)
    if closed.already:
        flash(("notice", _("Deze zaak was al afgesloten. Er is niets veranderd.")))
    elif closed.aanmelding is not None:
        flash(("ok", _("Afgesloten: ‘%(result)s’. De aanmelding %(reference)s staat in de wachtrij.",
                       result=form.result_label(), reference=closed.aanmelding.reference)))
    else:
        flash(("ok", _("Afgesloten: ‘%(result)s’.", result=form.result_label())))
    return _back(zaak_id)


@bp.get("/vroegsignalen/huisbezoeken")
@staff_required(*COORDINATORS)
def show_home_visits():
    today = local_date(utcnow())
    form = VisitDayForm(request.args)
    day = form.day(today)
    return render_template("staff/early-warning-visits.html", form=form, day=day, today=today,
                           visits=ew.home_visits(get_session(), current_staff(), day))


def case_page_parts(aanmelding, role) -> dict:
    """For the case page of a sign-up made from an early-warning case: the link back (coordinators only)."""
    if role not in COORDINATORS or aanmelding.source != ew.EARLY_WARNING_SOURCE:
        return {"early_warning_zaak_id": None}
    return {"early_warning_zaak_id": ew.linked_zaak_id(get_session(), aanmelding)}
