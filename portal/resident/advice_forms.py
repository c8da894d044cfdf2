"""Forms for anonymous questions. Nothing here asks who the resident is."""

from __future__ import annotations

import time
from functools import lru_cache

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from portal.domain.topics import AdviceTopic
from portal.forms import PortalForm, QuickSelect
from portal.labels import choices
from portal.rules import secret_words
from portal.signup.forms import GROUP_CHOICES, normalise_phone


def _stamp_serializer() -> URLSafeSerializer:
    return _stamp_serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _stamp_serializer_for(secret_key: str) -> URLSafeSerializer:
    # Made once per key: itsdangerous tries every new serializer out, a tenth of the ask form from memory.
    return URLSafeSerializer(secret_key, salt="advice-form-started")


def new_stamp() -> str:
    return _stamp_serializer().dumps(int(time.time()))


class AskForm(PortalForm):
    municipality = SelectField(_l("Uw gemeente"), validators=[InputRequired(_l("Kies uw gemeente."))],
                               description=_l("Dan beantwoordt iemand van uw gemeente uw vraag."), widget=QuickSelect())
    question = TextAreaField(_l("Uw vraag"), description=_l("Schrijf geen naam, adres of andere gegevens waaraan "
                                                            "iemand u kan herkennen."),
                             validators=[InputRequired(_l("Schrijf uw vraag.")),
                                         Length(max=2000,
                                                message=_l("Dit is te lang. Schrijf maximaal %(max)d tekens."))])
    topic = SelectField(_l("Waar gaat uw vraag over? (mag leeg blijven)"),
                        choices=[SelectChoice("", "—")] + choices(AdviceTopic), default="", widget=QuickSelect())
    group = SelectField(_l("Past een van deze bij u? (mag leeg blijven)"),
                        choices=[SelectChoice("", "—")] + GROUP_CHOICES,
                        default="", widget=QuickSelect())
    callback_phone = StringField(
        _l("Wilt u liever gebeld worden? Telefoonnummer (mag leeg blijven)"),
        description=_l("Dan bellen we u één keer, anoniem. We vragen niet wie u bent. Het nummer wissen we samen "
                       "met uw vraag."),
        validators=[Length(max=30)], render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    # A field people never see or fill in; bots that fill every field give themselves away.
    website = StringField(_l("Laat dit veld leeg"), render_kw={"autocomplete": "off", "tabindex": "-1"})
    started = HiddenField()

    def validate_callback_phone(self, field):
        if field.data and normalise_phone(field.data) is None:
            raise ValidationError(_l("Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678."))

    def looks_automated(self) -> bool:
        if self.website.data:
            return True
        try:
            started = _stamp_serializer().loads(self.started.data or "")
        except BadSignature:
            return True
        # People take longer than a few seconds to write a question; simple bots do not.
        return time.time() - int(started) < current_app.config["ADVICE_MIN_SECONDS"]


class PickUpForm(PortalForm):
    code = StringField(_l("Uw code"), description=_l("Bijvoorbeeld KP7-3XA."),
                       validators=[InputRequired(_l("Vul uw code in.")), Length(max=12)],
                       render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
    secret = StringField(_l("Uw geheime woorden"),
                         validators=[InputRequired(_l("Vul uw geheime woorden in.")), Length(max=60)],
                         render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The hint shows the format of the reading language; any language's words (or digits) are accepted.
        shown = secret_words.example(str(get_locale()))
        if shown.format is secret_words.SecretFormat.DIGITS:
            self.secret.label.text = _l("Uw geheime cijfers")
            self.secret.description = _l("De %(count)d cijfers die u kreeg, bijvoorbeeld: %(example)s. Kreeg u "
                                         "woorden? Vul dan die woorden in.", count=secret_words.DIGIT_COUNT,
                                         example=shown.text)
            self.secret.validators = [InputRequired(_l("Vul uw geheime cijfers in.")), Length(max=60)]
        else:
            self.secret.description = _l("De %(count)d woorden die u kreeg, in de taal waarin u ze kreeg. "
                                         "Bijvoorbeeld: %(example)s.", count=secret_words.COUNT, example=shown.text)


class ReplyForm(PortalForm):
    text = TextAreaField(_l("Uw reactie"), validators=[InputRequired(_l("Schrijf uw reactie.")),
                                                      Length(max=2000, message=_l("Dit is te lang. Schrijf maximaal "
                                                                                  "%(max)d tekens."))])


class AdviceToSignupForm(PortalForm):
    consent = RadioField(
        _l("Wilt u zich aanmelden en uw vraag meesturen?"),
        description=_l("Dan weet de gemeente wie u bent en neemt iemand contact met u op. Uw vraag gaat mee, "
                       "zodat u niet alles opnieuw hoeft te vertellen."),
        choices=[SelectChoice("yes", _l("Ja, meld mij aan en stuur mijn vraag mee")),
                 SelectChoice("no", _l("Nee, ik blijf liever anoniem"))],
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
