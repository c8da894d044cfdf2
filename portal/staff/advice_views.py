from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from portal.db import get_session
from portal.forms import PortalForm
from portal.services import advice
from portal.staff import bp
from portal.staff.access import KeepTyped, current_staff, kept_fields, staff_required
from portal.staff.limits import staff_writes


class AnswerForm(PortalForm):
    text = TextAreaField(_l("Uw antwoord"), validators=[InputRequired(_l("Schrijf een antwoord.")), Length(max=4000)],
                         description=_l("De inwoner is anoniem. Vraag niet naar naam of adres."),
                         render_kw={"dir": "auto"})


def _member_who_may_answer():
    member = current_staff()
    if not advice.may_answer(member):
        abort(403)
    return member


@bp.get("/vragen")
@staff_required()
def show_advice_inbox():
    member = _member_who_may_answer()
    return render_template("staff/advice-inbox.html", questions=advice.inbox(get_session(), member))


@bp.route("/vragen/<int:question_id>", methods=["GET", "POST"])
@staff_required(keep=KeepTyped("staff.answer_advice_question", ("text",)))
@staff_writes
def answer_advice_question(question_id: int):
    member = _member_who_may_answer()
    form = AnswerForm(data=kept_fields("staff.answer_advice_question"))
    if form.validate_on_submit():
        if not advice.answer(get_session(), member, question_id, form.text.data.strip()):
            abort(404)
        flash(("ok", _("Opgeslagen: uw antwoord is verstuurd. De inwoner leest het met de code.")))
        return redirect(url_for("staff.show_advice_inbox"))
    question = advice.open_for_staff(get_session(), member, question_id)
    if question is None:
        abort(404)
    return render_template("staff/advice-question.html", question=question, form=form)
