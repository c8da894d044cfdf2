from datetime import timedelta

from flask import abort, make_response, render_template, request

from portal.db import get_session, utcnow
from portal.rules.deadlines import local_date
from portal.services import handovers, monitoring
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required

WEEKS = 12


@bp.get("/cijfers")
@staff_required(*COORDINATORS)
def show_monitoring():
    today = local_date(utcnow())
    result = monitoring.report(get_session(), current_staff(), weeks=WEEKS, today=today)
    handover_rows = handovers.partner_counts(get_session(), current_staff(), today=today,
                                             since=utcnow() - timedelta(weeks=WEEKS))
    return render_template("staff/monitoring.html", report=result, weeks=WEEKS, today=today,
                           csv_tables=[(name, title) for name, (title, _) in monitoring.TABLES.items()],
                           handover_rows=handover_rows)


@bp.get("/cijfers.csv")
@staff_required(*COORDINATORS)
def export_monitoring_csv():
    table = request.args.get("tabel", "weken")
    if table not in monitoring.TABLES:
        abort(404)
    today = local_date(utcnow())
    text = monitoring.export_table(get_session(), current_staff(), table, weeks=WEEKS, today=today)
    response = make_response(text)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="cijfers-{table}-{today.isoformat()}.csv"'
    return response
