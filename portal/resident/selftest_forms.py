"""One form per question page, built from the question's data."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.forms import CheckboxesField, PortalForm
from portal.questionnaire.model import Question
from portal.rules.postcode import InvalidPostcode, postcode_digits
from portal.services.selftest import OUTSIDE


def _exclusive_alone(question: Question):
    exclusive = {o.id for o in question.options if o.exclusive}

    def check(_form, field):
        chosen = set(field.data or [])
        if chosen & exclusive and len(chosen) > 1:
            raise ValidationError(_l("U koos ook ‘%(option)s’. Dat past niet bij de andere keuzes. Kies opnieuw.",
                                     option=_(question.option(next(iter(chosen & exclusive))).text)))

    return check


def _valid_postcode(_form, field):
    if field.data:
        try:
            postcode_digits(field.data)
        except InvalidPostcode as exc:
            raise ValidationError(_l("Vul een postcode in zoals 2651 AB, of alleen de 4 cijfers. "
                                     "Of sla de vraag over.")) from exc


def _question_form_class(question: Question) -> type[PortalForm]:
    """A form class for the question in the page's language: WTForms fields are declared on the class."""

    class QuestionForm(PortalForm):
        pass

    label = _(question.text)
    description = _(question.hint) if question.hint else ""
    choices = [SelectChoice(o.id, _(o.text)) for o in question.options]
    if question.kind == "single":
        field = RadioField(label, choices=choices, description=description,
                           validators=[InputRequired(_l("Kies het antwoord dat het best past."))])
    elif question.kind == "multi":
        required = InputRequired(_l("Kies minstens één antwoord."))
        field = CheckboxesField(label, choices=choices, description=description,
                                validators=[required, _exclusive_alone(question)])
    else:
        field = StringField(label, description=description, validators=[Optional(), _valid_postcode],
                            render_kw={"autocomplete": "postal-code", "spellcheck": "false", "maxlength": 7})
    QuestionForm.answer = field
    return QuestionForm


def question_form(question: Question, data=None) -> PortalForm:
    """A new form (this request's data and errors) of a class built once per question and language per app: a class
    is configuration only, and building one cost a seventh of a question page. Kept on the app, so a test's app with
    other questionnaires never sees another app's classes; the question object is kept with its class, so its id is
    never reused for another question while the entry lives."""
    classes = current_app.extensions.setdefault("selftest_form_classes", {})
    key = (id(question), str(get_locale()))
    entry = classes.get(key)
    if entry is None or entry[0] is not question:
        entry = classes[key] = (question, _question_form_class(question))
    return entry[1](data=data)


def shown_answer(question: Question, previous):
    """What the question's page shows of the earlier answer. A postcode is never shown again (only its municipality
    was kept)."""
    return "" if previous in ("", OUTSIDE) or question.kind == "postcode" else previous


def answer_form(question: Question, previous, *, skipped: bool = False) -> PortalForm:
    """The question's form with the earlier answer in it; `skipped` (the postcode's skip button) posts an empty
    answer, whatever was typed."""
    form = question_form(question, data={"answer": shown_answer(question, previous)})
    if skipped and question.kind == "postcode":
        form.answer.raw_data, form.answer.data = [""], ""
    return form
