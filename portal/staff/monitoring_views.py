from datetime import timedelta

from flask import make_response, render_template

from portal.db import get_session, utcnow
from portal.rules.deadlines import local_date
from portal.services import handovers, monitoring
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required

WEEKS = 12


@bp.get("/cijfers")
@staff_required(*COORDINATORS)
def show_monitoring():
    result = monitoring.municipality_figures(get_session(), current_staff(), weeks=WEEKS, today=local_date(utcnow()))
    handover_rows = handovers.partner_counts(get_session(), current_staff(), today=local_date(utcnow()),
                                             since=utcnow() - timedelta(weeks=WEEKS))
    return render_template("staff/monitoring.html", figures=result, weeks=WEEKS, handover_rows=handover_rows)


@bp.get("/cijfers.csv")
@staff_required(*COORDINATORS)
def export_monitoring_csv():
    result = monitoring.municipality_figures(get_session(), current_staff(), weeks=WEEKS, today=local_date(utcnow()))
    response = make_response(monitoring.as_csv(result))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = 'attachment; filename="cijfers.csv"'
    return response
