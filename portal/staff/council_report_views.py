"""The council report (raadsinformatie): a year's or a quarter's figures as a page, one CSV table and a PDF."""

from __future__ import annotations

from flask import make_response, render_template, request

from portal import letters
from portal.db import get_session, utcnow
from portal.domain.aftercare import SIGNAL_WATCH_MONTHS, NazorgEnd
from portal.domain.survey import MIN_GROUP_SIZE
from portal.rules.deadlines import local_date
from portal.services import council_report
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.council_report_forms import ReportPeriodForm

# What the report's sentences name besides the figures (NazorgEnd's labels; the after-care watch window; the smallest
# group of survey answers shown).
CONTEXT = {"NazorgEnd": NazorgEnd, "signal_watch_months": SIGNAL_WATCH_MONTHS, "min_group_size": MIN_GROUP_SIZE}


def _period_form() -> ReportPeriodForm:
    return ReportPeriodForm(request.args, today=local_date(utcnow()))


def _chooser_again(form: ReportPeriodForm):
    """A period that cannot be reported: the chooser with the reason next to the field, nothing else."""
    return render_template("staff/council-report.html", form=form, result=None, **CONTEXT), 400


@bp.get("/cijfers/verslag")
@staff_required(*COORDINATORS)
def show_council_report():
    form = _period_form()
    if not form.validate():
        return _chooser_again(form)
    result = council_report.view(get_session(), current_staff(), form.period(), today=form.today)
    return render_template("staff/council-report.html", form=form, result=result, **CONTEXT)


def _file(body, mimetype: str, form: ReportPeriodForm, extension: str):
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="verslag-{form.period().code}.{extension}"'
    return response


@bp.get("/cijfers/verslag.csv")
@staff_required(*COORDINATORS)
def export_council_report_csv():
    form = _period_form()
    if not form.validate():
        return _chooser_again(form)
    result = council_report.download(get_session(), current_staff(), form.period(), today=form.today, kind="csv")
    return _file(council_report.as_csv(result), "text/csv", form, "csv")


@bp.get("/cijfers/verslag.pdf")
@staff_required(*COORDINATORS)
def export_council_report_pdf():
    form = _period_form()
    if not form.validate():
        return _chooser_again(form)
    result = council_report.download(get_session(), current_staff(), form.period(), today=form.today, kind="pdf")
    html = render_template("staff/council-report-print.html", result=result, municipality=current_staff().municipality,
                           today=form.today, **CONTEXT)
    return _file(letters.pdf(html), "application/pdf", form, "pdf")
