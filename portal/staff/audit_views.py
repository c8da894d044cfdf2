from flask import render_template

from portal.db import get_session
from portal.models import StaffRole
from portal.paging import page_number
from portal.services import audit
from portal.staff import bp
from portal.staff.access import current_staff, staff_required


@bp.get("/logboek")
@staff_required(StaffRole.ADMINISTRATOR)
def show_audit_log():
    page = page_number()
    entries = audit.entries(get_session(), current_staff().municipality_id, limit=100, offset=(page - 1) * 100)
    return render_template("staff/audit.html", entries=entries, page=page)
