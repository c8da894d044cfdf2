from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.db import get_session, utcnow
from portal.paging import page_number
from portal.rules.deadlines import local_date
from portal.rules.search_terms import parse_search
from portal.security_log import security_event
from portal.services import cases, saved_filters
from portal.services.source_labels import source_labels
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.case_forms import QueueFilterForm, SaveFilterForm
from portal.staff.limits import staff_writes
from portal.staff.queue_export import file_name, queue_csv

PERSONAL = "persoonsgegevens"  # the export's check box: with names and contact details


def queue_args() -> MultiDict:
    """The query string, with a filter saved or bookmarked under an older name read under its new one."""
    args = request.args.copy()
    for old, new in saved_filters.RENAMED_KEYS.items():
        if old in args and new not in args:
            args[new] = args.pop(old)
    return args


def filter_args() -> dict[str, str]:
    """Only the queue's own filters from the query string: never **request.args into url_for, where keys such as
    _method, _external or _anchor mean something else."""
    args = queue_args()
    return {key: args[key] for key in saved_filters.FILTER_KEYS if args.get(key)}


def _filters(form: QueueFilterForm) -> cases.QueueFilter:
    return cases.QueueFilter(
        status=form.status.data or "open", group=form.group.data or "", source=form.source.data or "",
        assigned=form.assigned.data or "", search=(form.search.data or "").strip(),
        crisis=form.crisis.data, overdue=form.overdue.data, page=page_number(),
    )


def _queue_form(member) -> tuple[QueueFilterForm, cases.QueueFilter]:
    """The filters from the URL, the same for the page and the export; a filter that does not validate is none."""
    form = QueueFilterForm(queue_args())
    labels = source_labels(get_session(), member.municipality_id)
    form.source.choices += [(source, labels.get(source, source)) for source in cases.sources(get_session(), member)]
    return form, _filters(form) if form.validate() else cases.QueueFilter()


@bp.get("/")
@staff_required(*COORDINATORS)
def show_queue():
    member = current_staff()
    form, filters = _queue_form(member)
    labels = source_labels(get_session(), member.municipality_id)
    today = local_date(utcnow())
    return render_template("staff/queue.html", form=form, result=cases.queue(get_session(), member, filters),
                           counts=cases.open_counts(get_session(), member, today=today), today=today,
                           saved=saved_filters.for_member(get_session(), member), save_form=SaveFilterForm(),
                           filter_args=filter_args(), may_export_personal=cases.may_export_personal(member),
                           source_labels=labels,
                           search=parse_search(filters.search) if filters.search else None)


@bp.get("/export.csv")
@staff_required(*COORDINATORS)
def export_queue():
    """The filtered queue as a file; with ?persoonsgegevens=1 with names and contact details (a coordinator only).
    Every export is written to the audit log."""
    member, today = current_staff(), local_date(utcnow())
    personal = request.args.get(PERSONAL) == "1"
    try:
        found = cases.export_queue(get_session(), member, _queue_form(member)[1], personal=personal, today=today)
    except cases.ExportForbidden:
        security_event("export", "denied", actor=member.id, obj="personal fields")
        abort(403)
    except cases.ExportTooLarge as too_large:
        flash(("notice", _("Meer dan %(limit)s zaken passen niet in één bestand. Kies een filter.",
                           limit=format_decimal(too_large.args[0]))))
        return redirect(url_for("staff.show_queue", **filter_args()))
    response = make_response(queue_csv(found, personal=personal, today=today))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(today)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/filters")
@staff_required(*COORDINATORS)
@staff_writes
def save_filter():
    form = SaveFilterForm()
    if form.validate_on_submit():
        saved = saved_filters.save(get_session(), current_staff(), form.name.data, filter_args())
        flash(("ok", _("Opgeslagen: filter ‘%(name)s’.", name=saved.name)))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_queue", **filter_args()))


@bp.post("/filters/<int:filter_id>/verwijderen")
@staff_required(*COORDINATORS)
@staff_writes
def delete_filter(filter_id: int):
    name = saved_filters.remove(get_session(), current_staff(), filter_id)  # CSRFProtect checked the token already
    if name is not None:
        flash(("ok", _("Verwijderd: filter ‘%(name)s’.", name=name)))
    return redirect(url_for("staff.show_queue"))
