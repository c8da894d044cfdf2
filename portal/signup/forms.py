"""One form per sign-up step. Labels and messages in plain Dutch; every error says what to do."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.domain.contact import PHONE_CHANNELS, BestTime, ContactChannel
from portal.domain.crisis import CrisisKind
from portal.domain.groups import REAL_GROUPS, ResidentGroup
from portal.domain.handover import ShareConsent
from portal.domain.topics import Topic
from portal.forms import CheckboxesField, PortalForm, PostcodeForm
from portal.i18n import LANGUAGE_NAMES, RIGHT_TO_LEFT
from portal.labels import choices

YES_NO = [SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nee"))]
# The urgent step's "nothing of this" answer: not a crisis kind, so not in CrisisKind.
NO_CRISIS = "none"
# The groups a resident can name without saying "none" (the anonymous question asks this way).
GROUP_CHOICES = [choice for choice in choices(ResidentGroup) if choice.value in REAL_GROUPS]


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def revealing(options: list[SelectChoice], revealed_by: dict[str, frozenset]) -> list[SelectChoice]:
    """Each box names the fields its choice reveals (`data-reveals`); CSS :has() then shows only those fields, also
    without JavaScript. Without CSS every field shows, and each label says when it is needed."""
    found = []
    for option in options:
        revealed = " ".join(name for name, values in revealed_by.items() if option.value in values)
        render_kw = {"data-reveals": revealed} if revealed else None
        found.append(SelectChoice(option.value, option.label, render_kw=render_kw))
    return found


# Which chosen ways of contact show a detail field; which urgent things ask for their day.
CONTACT_REVEALED_BY: dict[str, frozenset] = {
    "phone": PHONE_CHANNELS, "email": frozenset({ContactChannel.EMAIL}),
    "postal_address": frozenset({ContactChannel.LETTER}),
}
URGENT_REVEALED_BY: dict[str, frozenset] = {
    "eviction_date": frozenset({CrisisKind.EVICTION}), "cutoff_date": frozenset({CrisisKind.CUTOFF}),
}


class CarryOverForm(PortalForm):
    carry = RadioField(
        _l("Wilt u de uitslag van uw geldcheck meesturen?"),
        description=_l("Dan hoeft u minder uit te leggen. Alleen de uitslag gaat mee, niet al uw antwoorden."),
        choices=_choices([("yes", _l("Ja, stuur mijn uitslag mee")), ("no", _l("Nee, liever niet"))]),
        validators=[InputRequired(_l("Kies of u uw uitslag wilt meesturen."))],
    )


class SituationForm(PortalForm):
    topics = CheckboxesField(
        _l("Waar maakt u zich zorgen over?"),
        description=_l("Kies alles wat klopt. U hoeft het niet precies te weten."),
        choices=choices(Topic),
    )
    own_words = TextAreaField(
        _l("Wilt u er iets over vertellen? (mag ook leeg blijven)"),
        description=_l("In uw eigen woorden. Een paar zinnen is genoeg."),
        validators=[Optional(), Length(max=1000, message=_l("Dit is te lang. Schrijf maximaal %(max)d tekens."))],
    )
    group = RadioField(
        _l("Past een van deze bij u? (mag ook leeg blijven)"),
        choices=choices(ResidentGroup),
        validators=[Optional()],
    )

    def validate_topics(self, field):
        if not field.data and not (self.own_words.data or "").strip():
            raise ValidationError(_l("Kies minstens één onderwerp. Of schrijf kort wat er speelt."))


class UrgentForm(PortalForm):
    urgent = CheckboxesField(
        _l("Is er iets dringend?"),
        description=_l("Kies alles wat klopt. Dan nemen we sneller contact met u op."),
        choices=revealing([*choices(CrisisKind), SelectChoice(NO_CRISIS, _l("Nee, niets hiervan"))],
                          URGENT_REVEALED_BY),
        validators=[InputRequired(_l("Kies wat klopt. Is er niets dringend? Kies dan ‘Nee, niets hiervan’."))],
    )
    eviction_date = StringField(
        _l("Weet u de datum dat u uit uw huis moet? (mag ook leeg blijven)"),
        description=_l("Bijvoorbeeld 15-12-2026."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 10},
    )

    cutoff_date = StringField(
        _l("Weet u de datum dat uw gas, stroom of water wordt afgesloten? (mag ook leeg blijven)"),
        description=_l("Bijvoorbeeld 15-12-2026."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 10},
    )
    # The day fields, each shown and kept only with its urgent thing: kept as ISO days, read back as dates.
    REVEALED_BY: ClassVar[dict[str, frozenset]] = URGENT_REVEALED_BY

    def validate_urgent(self, field):
        if NO_CRISIS in (field.data or []) and len(field.data) > 1:
            raise ValidationError(_l("U koos ‘Nee, niets hiervan’ en ook iets anders. Kies opnieuw."))

    def validate_eviction_date(self, field):
        if field.data and parse_day(field.data) is None:
            raise ValidationError(_l("Schrijf de datum zo: dag-maand-jaar, bijvoorbeeld 15-12-2026."))

    validate_cutoff_date = validate_eviction_date


def parse_day(raw: str) -> date | None:
    """Accepts 15-12-2026, 15/12/2026, 15.12.2026 and 2026-12-15 (what a date picker sends)."""
    text = (raw or "").strip().replace("/", "-").replace(".", "-")
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    day, month, year = (parts[2], parts[1], parts[0]) if len(parts[0]) == 4 else parts
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return parsed if 2000 <= parsed.year <= 2100 else None


class ChildrenForm(PortalForm):
    children = RadioField(
        _l("Wonen er kinderen bij u thuis?"),
        description=_l("Kinderen jonger dan 18 jaar. Gezinnen met kinderen krijgen voorrang."),
        choices=_choices([("yes", _l("Ja")), ("no", _l("Nee")), ("rather_not", _l("Dat zeg ik liever niet"))]),
        validators=[InputRequired(_l("Kies een antwoord."))],
    )


def normalise_phone(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ContactForm(PortalForm):
    call_name = StringField(
        _l("Hoe mogen we u noemen?"),
        description=_l("Uw voornaam, of een naam die u prettig vindt."),
        validators=[InputRequired(_l("Schrijf hoe we u mogen noemen.")),
                    Length(max=80, message=_l("Dit is te lang. Gebruik maximaal %(max)d tekens."))],
        render_kw={"autocomplete": "given-name"},
    )
    channels = CheckboxesField(
        _l("Hoe mogen we contact met u opnemen?"),
        description=_l("Kies alles wat u goed vindt."),
        choices=revealing(choices(ContactChannel), CONTACT_REVEALED_BY),
        validators=[InputRequired(_l("Kies minstens één manier."))],
    )
    phone = StringField(
        _l("Telefoonnummer (als u bellen, WhatsApp of sms koos)"),
        description=_l("Bijvoorbeeld 06 12345678."),
        validators=[Length(max=30)],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    email = StringField(
        _l("E-mailadres (als u e-mail koos)"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )
    postal_address = TextAreaField(
        _l("Adres (als u een brief wilt)"),
        description=_l("Straat, huisnummer en plaats."),
        validators=[Length(max=300)],
        render_kw={"autocomplete": "street-address", "rows": 3},
    )
    # Asked here, where the resident chooses how we may write: the survey link goes only by a way chosen above.
    survey_ok = BooleanField(
        _l("Ja, u mag mij na afloop één keer een korte vragenlijst sturen. Zo horen wij wat beter kan."),
        description=_l("Dit mag ook leeg blijven. Uw antwoorden zijn anoniem: wij weten niet wie ze gaf."),
    )
    REVEALED_BY: ClassVar[dict[str, frozenset]] = CONTACT_REVEALED_BY

    def validate_phone(self, field):
        wants_phone = PHONE_CHANNELS & set(self.channels.data or [])
        if not field.data:
            if wants_phone:
                raise ValidationError(_l("Schrijf uw telefoonnummer. Of kies een andere manier."))
            return
        if normalise_phone(field.data) is None:
            raise ValidationError(_l("Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678."))

    def validate_email(self, field):
        if not field.data:
            if ContactChannel.EMAIL in (self.channels.data or []):
                raise ValidationError(_l("Schrijf uw e-mailadres. Of kies een andere manier."))
            return
        try:
            validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(_l("Dit e-mailadres klopt niet. Schrijf het zo: naam@voorbeeld.nl.")) from exc

    def validate_postal_address(self, field):
        if not (field.data or "").strip() and ContactChannel.LETTER in (self.channels.data or []):
            raise ValidationError(_l("Schrijf uw adres. Of kies een andere manier."))


class ReachForm(PortalForm):
    best_times = CheckboxesField(
        _l("Wanneer komt het u het best uit? (mag ook leeg blijven)"),
        choices=choices(BestTime),
        validators=[Optional()],
    )
    voicemail = RadioField(
        _l("Mogen we een bericht inspreken als u niet opneemt?"),
        description=_l("Deelt u uw telefoon met iemand? Kies dan liever ‘Nee’."),
        choices=YES_NO, validators=[InputRequired(_l("Kies ja of nee."))],
    )
    say_municipality = RadioField(
        _l("Mogen we zeggen dat we van de gemeente bellen?"),
        description=_l("Als iemand anders opneemt, zeggen we dat alleen als u dat goed vindt."),
        choices=YES_NO, validators=[InputRequired(_l("Kies ja of nee."))],
    )
    language = SelectField(
        _l("In welke taal praat u het liefst?"),
        # An empty first option: a required select needs one (HTML), and the view preselects the reading language.
        choices=[SelectChoice("", _l("Kies een taal"))]
        + [SelectChoice(code, name, render_kw={"lang": code, "dir": "rtl" if code in RIGHT_TO_LEFT else "ltr"})
                 for code, name in LANGUAGE_NAMES.items()]
        + [SelectChoice("other", _l("Een andere taal"))],
        default="nl",
        validators=[InputRequired(_l("Kies een taal."))],
    )
    interpreter = RadioField(
        _l("Wilt u een tolk bij het gesprek?"),
        description=_l("Een tolk is gratis."),
        choices=YES_NO, validators=[InputRequired(_l("Kies ja of nee."))],
    )


# The button that confirms the municipality this device already knows; its value is that municipality's slug.
SAME_MUNICIPALITY = "same"


class SignupPostcodeForm(PostcodeForm):
    """The same postcode question as 'find your municipality'."""


class ConsentForm(PortalForm):
    consent = BooleanField(
        _l("Ik vind het goed dat de gemeente mijn gegevens gebruikt om mij te helpen"),
        validators=[InputRequired(_l("Zet een vinkje als u het goed vindt. Zonder dit kunnen we u niet helpen."))],
    )
    # What a partner organisation sees after a warm handover (portal/rules/handover.py). No answer: we ask first.
    share = RadioField(
        _l("Mogen wij uw gegevens doorgeven aan de organisatie die u gaat helpen?"),
        description=_l("Soms helpt een andere organisatie u verder, zoals maatschappelijk werk of vrijwilligers. "
                       "Kiest u niets? Dan vragen wij het u eerst."),
        choices=choices(ShareConsent),
        validators=[Optional()],
    )


class CheckForm(PortalForm):
    send_confirmation = BooleanField(_l("Stuur mij een bevestiging"))


class SendResumeLinkForm(PortalForm):
    address = StringField(
        _l("Uw e-mailadres of mobiele nummer"),
        description=_l("We gebruiken dit alleen om deze link te sturen. We bewaren het niet."),
        validators=[InputRequired(_l("Schrijf een e-mailadres of mobiel nummer.")), Length(max=200)],
        render_kw={"spellcheck": "false"},
    )

    def validate_address(self, field):
        if "@" in field.data:
            try:
                validate_email(field.data, check_deliverability=False)
            except EmailNotValidError as exc:
                raise ValidationError(_l("Dit e-mailadres klopt niet. Schrijf het zo: naam@voorbeeld.nl.")) from exc
        elif normalise_phone(field.data) is None:
            raise ValidationError(_l("Dit nummer klopt niet. Schrijf het zo: 06 12345678."))
