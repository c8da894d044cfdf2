from flask import redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from portal.db import get_session, utcnow
from portal.paging import page_number
from portal.rules.deadlines import local_date
from portal.rules.search_terms import parse_search
from portal.services import cases, saved_filters
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.case_forms import QueueFilterForm, SaveFilterForm
from portal.staff.limits import staff_writes


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
        assigned=form.assigned.data or "", search=(form.search.data or "").strip(), page=page_number(),
    )


@bp.get("/")
@staff_required(*COORDINATORS)
def show_queue():
    member = current_staff()
    form = QueueFilterForm(queue_args())
    form.source.choices += [(source, source) for source in cases.sources(get_session(), member)]
    filters = _filters(form) if form.validate() else cases.QueueFilter()
    result = cases.queue(get_session(), member, filters)
    return render_template("staff/queue.html", form=form, result=result, today=local_date(utcnow()),
                           saved=saved_filters.for_member(get_session(), member), save_form=SaveFilterForm(),
                           filter_args=filter_args(), search=parse_search(filters.search) if filters.search else None)


@bp.post("/filters")
@staff_required(*COORDINATORS)
@staff_writes
def save_filter():
    form = SaveFilterForm()
    if form.validate_on_submit():
        saved_filters.save(get_session(), current_staff(), form.name.data, filter_args())
    return redirect(url_for("staff.show_queue", **filter_args()))


@bp.post("/filters/<int:filter_id>/verwijderen")
@staff_required(*COORDINATORS)
@staff_writes
def delete_filter(filter_id: int):
    saved_filters.remove(get_session(), current_staff(), filter_id)  # CSRFProtect checked the token already
    return redirect(url_for("staff.show_queue"))
