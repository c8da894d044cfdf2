"""The client experience survey's one form: six questions, each one may stay empty."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from portal.domain.survey import Agreement, WaitingVerdict
from portal.forms import PortalForm
from portal.labels import choices
from portal.services.survey import REMARK_MAX_LENGTH, Answers

MARKS = [str(mark) for mark in range(1, 11)]


def _question(label, options: list, *, description=None) -> RadioField:
    # validate_choice off: an unknown value gets our own kind message, not WTForms' "Not a valid choice".
    return RadioField(label, description=description, choices=options, validate_choice=False,
                      validators=[Optional(), AnyOf([option.value for option in options],
                                                    message=_l("Kies een van de antwoorden. Of laat de vraag leeg."))])


class SurveyForm(PortalForm):
    reachable = _question(_l("Kon u ons goed bereiken?"), choices(Agreement))
    heard = _question(_l("Voelde u zich gehoord?"), choices(Agreement))
    next_steps_clear = _question(_l("Was het duidelijk wat er ging gebeuren?"), choices(Agreement))
    waiting = _question(_l("Hoe vond u de tijd dat u moest wachten?"), choices(WaitingVerdict))
    mark = _question(_l("Welk cijfer geeft u ons? (1 tot en met 10)"), [SelectChoice(mark, mark) for mark in MARKS],
                     description=_l("1 is heel slecht, 10 is heel goed."))
    remark = TextAreaField(
        _l("Wat kunnen wij beter doen? (mag ook leeg blijven)"),
        description=_l("Schrijf hier geen namen of andere persoonlijke gegevens."),
        validators=[Optional(), Length(max=REMARK_MAX_LENGTH,
                                       message=_l("Dit is te lang. Schrijf maximaal %(max)d tekens."))],
        render_kw={"rows": 4, "maxlength": REMARK_MAX_LENGTH},
    )

    def answers(self) -> Answers:
        return Answers(reachable=self.reachable.data or None, heard=self.heard.data or None,
                       next_steps_clear=self.next_steps_clear.data or None, waiting=self.waiting.data or None,
                       mark=int(self.mark.data) if self.mark.data else None, remark=self.remark.data or None)
