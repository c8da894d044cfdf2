"""Vroegsignalen importeren: a coordinator uploads the matching system's file; all of it is stored, or nothing.

The file is read from the request's temporary file and never kept; the audit log gets the counts and its hash.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.db import get_session
from portal.services import early_warning_import
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.early_warning_import_forms import SignalFileForm
from portal.staff.limits import staff_writes
from portal.uploads import SIGNAL_FILE_MAX_BYTES


def _page(form, check=None, status=200):
    problems = [early_warning_import.problem_text(p) for p in check.problems] if check else []
    form.file.description = _("CSV (UTF-8, kolommen gescheiden door ; of ,) of JSON zoals het DDAS-uitwisselmodel. "
                              "Hoogstens %(megabytes)s MB.", megabytes=SIGNAL_FILE_MAX_BYTES // (1024 * 1024))
    return render_template("staff/early-warning-import.html", form=form, problems=problems,
                           more_problems=check.more_problems if check else 0), status


@bp.get("/vroegsignalen/importeren")
@staff_required(*COORDINATORS)
def show_import_signals():
    return _page(SignalFileForm())


@bp.post("/vroegsignalen/importeren")
@staff_required(*COORDINATORS)
@staff_writes
def import_signals():
    form = SignalFileForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        result = early_warning_import.import_upload(get_session(), current_staff(), form.file.data.stream)
    except early_warning_import.SignalFileRejected as exc:
        return _page(form, exc.check, status=400)
    flash(("ok", _("Ingelezen: %(new)s nieuw, %(known)s al bekend. %(cases)s nieuwe huishoudens, %(updated)s "
                   "bestaande bijgewerkt, waarvan %(crisis)s met crisis. %(skipped)s niet opgepakt (onder de drempel "
                   "of een signaalpartner die de gemeente niet oppakt), %(repeats)s herhaalde meldingen.",
                   new=result.new, known=result.known, cases=result.cases_new, updated=result.cases_updated,
                   crisis=result.crisis_cases, skipped=result.not_taken_up, repeats=result.repeats)))
    if result.aftercare:
        flash(("ok", ngettext("%(num)s signaal van een huishouden in nazorg: te zien bij die nazorg, niet als nieuw "
                              "huishouden.",
                              "%(num)s signalen van huishoudens in nazorg: te zien bij hun nazorg, niet als nieuwe "
                              "huishoudens.", result.aftercare)))
    return redirect(url_for("staff.show_import_signals"))
