"""The after-care check-in's three questions. Each may be skipped; at least one answer is asked for, so a link is
not used up by an empty press of the button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.domain.aftercare import MoneyNow
from portal.forms import PortalForm
from portal.labels import choices
from portal.rules.aftercare_checkin import Answers, CallAnswer

YES, NO = "yes", "no"


class OptionalChoiceField(RadioField):
    """Radio buttons that may stay empty; a value the page never offered gets a kind message, not WTForms' own."""

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Kies een van de antwoorden, of laat deze vraag leeg."))


class CheckinForm(PortalForm):
    money_now = OptionalChoiceField(_l("Hoe gaat het nu met geld?"), choices=choices(MoneyNow))
    new_bills = OptionalChoiceField(_l("Zijn er nieuwe rekeningen die u niet kunt betalen?"),
                                    choices=[SelectChoice(YES, _l("Ja")), SelectChoice(NO, _l("Nee"))])
    call = OptionalChoiceField(_l("Wilt u dat we u bellen?"), choices=[
        SelectChoice(CallAnswer.CALL, _l("Ja, bel mij")),
        SelectChoice(CallAnswer.NOT_NOW, _l("Nee, nu niet")),
        SelectChoice(CallAnswer.NEEDS_NOTHING, _l("Nee, ik heb geen hulp meer nodig"))])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.answers().empty:
            self.money_now.errors = [_l("Kies bij minstens één vraag een antwoord. De andere vragen mag u overslaan.")]
            return False
        return valid

    def answers(self) -> Answers:
        def picked(field):
            return field.data or None

        bills = picked(self.new_bills)
        call = picked(self.call)
        money = picked(self.money_now)
        return Answers(money_now=MoneyNow(money) if money else None,
                       new_bills=None if bills is None else bills == YES,
                       call=CallAnswer(call) if call else None)
