"""Brieven: the letters waiting to be printed (NotifyNL sends no letters), one PDF for the day's post, and "posted".

The list shows reference, kind and date, never an address; the PDFs hold the addresses, so they leave only as an
attachment that no cache keeps, and every download is audit-logged with its count (services/letters.py).
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import letters as letter_pdf
from portal.db import get_session, utcnow
from portal.models import Aanmelding, StaffRole
from portal.rules.deadlines import local_date
from portal.security import MAX_ID
from portal.security_log import security_event
from portal.services import letters
from portal.staff import bp
from portal.staff.access import COORDINATORS, current_staff, staff_required
from portal.staff.letter_forms import LettersPostedForm
from portal.staff.limits import staff_writes


def _pdf_response(body: bytes, name: str):
    response = make_response(body)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _up_to() -> int | None:
    """An id as ids go (1 to MAX_ID); anything else is no id, not an overflow in the database."""
    up_to = request.args.get("tot", type=int)
    return up_to if up_to is not None and 1 <= up_to <= MAX_ID else None


@bp.get("/brieven")
@staff_required(*COORDINATORS)
def show_letters():
    waiting = letters.waiting(get_session(), current_staff())
    return render_template("staff/letters.html", waiting=waiting, form=LettersPostedForm(data={"up_to": waiting.up_to}),
                           has_postal_address=bool(current_staff().municipality.postal_address))


@bp.get("/brieven/brieven.pdf")
@staff_required(*COORDINATORS)
def download_letters():
    """The letters the page listed (up to ?tot=, the newest it showed) as one PDF, each on its own pages."""
    up_to = _up_to()
    found = letters.download_waiting(get_session(), current_staff(), up_to) if up_to else []
    if not found:
        flash(("notice", _("Er wachten geen brieven meer. Misschien heeft een collega ze al gedownload.")))
        return redirect(url_for("staff.show_letters"))
    today = local_date(utcnow())
    return _pdf_response(letter_pdf.pdf(letter_pdf.letters_html(found, today=today).html),
                         letter_pdf.file_name(today))


@bp.post("/brieven/verstuurd")
@staff_required(*COORDINATORS)
@staff_writes
def mark_letters_posted():
    form = LettersPostedForm()
    if form.validate_on_submit():
        posted = letters.mark_posted(get_session(), current_staff(), form.up_to.data)
        flash(("ok", _("Opgeslagen: %(count)s brieven zijn verstuurd.", count=posted)))
    return redirect(url_for("staff.show_letters"))


@bp.get("/zaak/<int:case_id>/brieven/<int:letter_id>.pdf")
@staff_required(*COORDINATORS)
def download_case_letter(case_id: int, letter_id: int):
    try:
        letter = letters.letter_of_case(get_session(), current_staff(), case_id, letter_id)
    except letters.LetterNotFound:
        security_event("letter_access", "not_found", actor=current_staff().id)
        abort(404)
    today = local_date(utcnow())
    return _pdf_response(letter_pdf.pdf(letter_pdf.letters_html([letter], today=today).html),
                         letter_pdf.file_name(today, reference=letter.aanmelding.reference))


def case_page_parts(aanmelding: Aanmelding, role: str) -> dict:
    """What the case page shows of letters (templates/staff/_case_letters.html): a coordinator may print each one."""
    if role == StaffRole.CASEWORKER:
        return {"case_letters": []}
    return {"case_letters": letters.for_case(get_session(), aanmelding.id)}
