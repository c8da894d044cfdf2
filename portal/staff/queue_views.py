from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session, utcnow
from portal.paging import page_number
from portal.rules.deadlines import local_date
from portal.rules.reference import normalise_reference
from portal.services import cases, saved_filters
from portal.services.source_labels import source_labels
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.case_forms import QueueFilterForm, SaveFilterForm
from portal.staff.limits import staff_writes


def filter_args() -> dict[str, str]:
    """Only the queue's own filters from the query string: never **request.args into url_for, where keys such as
    _method, _external or _anchor mean something else."""
    return {key: request.args[key] for key in saved_filters.FILTER_KEYS if request.args.get(key)}


def _filters(form: QueueFilterForm) -> cases.QueueFilter:
    return cases.QueueFilter(
        status=form.status.data or "open", group=form.group.data or "", source=form.source.data or "",
        assigned=form.assigned.data or "", reference=normalise_reference(form.reference.data or ""),
        page=page_number(),
    )


@bp.get("/")
@staff_required(*COORDINATORS)
def show_queue():
    member = current_staff()
    form = QueueFilterForm(request.args)
    labels = source_labels(get_session(), member.municipality_id)
    form.source.choices += [(source, labels.get(source, source)) for source in cases.sources(get_session(), member)]
    result = cases.queue(get_session(), member, _filters(form) if form.validate() else cases.QueueFilter())
    return render_template("staff/queue.html", form=form, result=result, today=local_date(utcnow()),
                           saved=saved_filters.for_member(get_session(), member), save_form=SaveFilterForm(),
                           filter_args=filter_args(), source_labels=labels)


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
