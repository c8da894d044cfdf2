from flask import render_template, request

from portal.db import get_session
from portal.models import StaffRole
from portal.services import audit
from portal.staff import bp
from portal.staff.access import current_staff, staff_required


@bp.get("/logboek")
@staff_required(StaffRole.ADMINISTRATOR)
def show_audit_log():
    page = max(1, request.args.get("pagina", 1, type=int) or 1)
    entries = audit.entries(get_session(), current_staff().municipality_id, limit=100, offset=(page - 1) * 100)
    return render_template("staff/audit.html", entries=entries, page=page)
