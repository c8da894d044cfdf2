"""The coordinator records the resident's yes or no to the survey after closing, heard on the phone."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.db import get_session
from portal.forms import PortalForm
from portal.services import cases
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.case_views import _guarded
from portal.staff.limits import staff_writes


class SurveyOkForm(PortalForm):
    survey_ok = RadioField(_l("Vragenlijst na afloop"),
                           choices=[SelectChoice("yes", _l("ja")), SelectChoice("no", _l("nee"))],
                           validators=[InputRequired(_l("Kies ja of nee."))])


@bp.post("/zaak/<int:case_id>/vragenlijst")
@staff_required(*COORDINATORS)
@staff_writes
def record_survey_ok(case_id: int):
    form = SurveyOkForm()
    if form.validate_on_submit():
        _guarded(lambda: cases.record_survey_ok(get_session(), current_staff(), case_id, form.survey_ok.data == "yes"))
        flash(("ok", _("Vastgelegd wat de inwoner zei over de vragenlijst.")))
    else:
        flash(("form_error", next(iter(form.errors.values()))[0]))
    return redirect(url_for("staff.show_case", case_id=case_id))
