from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.casework import CloseReason, ContactKind
from portal.domain.groups import ResidentGroup
from portal.domain.status import AanmeldingStatus
from portal.forms import PortalForm
from portal.labels import choices, label
from portal.rules.contact_attempt import Fit, fits


class QueueFilterForm(PortalForm):
    """A GET form: filters are in the URL so they can be bookmarked and saved."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[SelectChoice("open", _l("Open"))]
                         + choices(AanmeldingStatus)
                         + [SelectChoice("all", _l("Alle"))], default="open", validators=[Optional()])
    group = SelectField(_l("Groep"), choices=[SelectChoice("", _l("Alle groepen"))]
                        + choices(ResidentGroup, choice=False), default="", validators=[Optional()])
    source = SelectField(_l("Bron"), choices=[SelectChoice("", _l("Alle bronnen"))], default="",
                         validators=[Optional()], validate_choice=False)
    assigned = SelectField(_l("Toegewezen"), choices=[SelectChoice("", _l("Iedereen")),
                                                     SelectChoice("me", _l("Aan mij")),
                                                     SelectChoice("none", _l("Nog aan niemand"))],
                           default="", validators=[Optional()])
    # One box for a reference, a phone number or a name (rules/search_terms.py): whole words, as a blind index finds.
    search = StringField(_l("Zoek op nummer, naam of telefoon"),
                         description=_l("Het hele nummer, de hele naam of een heel woord ervan. Niet een deel."),
                         validators=[Optional(), Length(max=80)],
                         render_kw={"spellcheck": "false", "autocomplete": "off"})
    crisis = BooleanField(_l("Alleen crisis"), render_kw={"value": "1"})
    overdue = BooleanField(_l("Alleen te laat (nog geen contact na de beloofde dag)"), render_kw={"value": "1"})


class SaveFilterForm(PortalForm):
    name = StringField(_l("Naam van dit filter"), validators=[InputRequired(_l("Geef het filter een naam.")),
                                                             Length(max=60)])


class ContactAttemptForm(PortalForm):
    # A required select starts empty (valid HTML, and no contact kind is logged by accident).
    kind = SelectField(_l("Hoe?"), choices=[SelectChoice("", _l("Kies"))] + choices(ContactKind),
                       validators=[InputRequired(_l("Kies hoe u contact zocht."))])
    reached = RadioField(_l("Contact gehad?"), choices=[SelectChoice("yes", _l("Ja, gesproken")),
                                                         SelectChoice("no", _l("Nee, niet bereikt"))],
                         validators=[InputRequired(_l("Kies of u contact had."))])
    note = TextAreaField(_l("Notitie (mag leeg blijven)"), validators=[Optional(), Length(max=2000)],
                         render_kw={"dir": "auto"})


def offer_contact_kinds(form: ContactAttemptForm, aanmelding) -> None:
    """Marks, in the choice itself and in a warning next to it, the ways this resident did not agree to."""
    fit_of = fits(voicemail_ok=aanmelding.voicemail_ok, channels=aanmelding.channels)
    shown = {Fit.AGREED: "%(kind)s", Fit.NOT_AGREED: _("%(kind)s (niet afgesproken)"),
             Fit.REFUSED: _("%(kind)s (wil geen voicemail)")}
    form.kind.choices = [SelectChoice("", _("Kies"))] + [SelectChoice(kind.value, shown[fit] % {"kind": label(kind)})
                                                          for kind, fit in fit_of.items()]
    warning = Markup()
    if Fit.REFUSED in fit_of.values():
        warning += Markup("<strong>%s</strong> ") % _("Deze persoon wil geen voicemail. Spreek niets in.")
    not_agreed = [label(kind) for kind, fit in fit_of.items() if fit == Fit.NOT_AGREED]
    if not_agreed:
        warning += _("Niet afgesproken met deze persoon: %(kinds)s.", kinds=", ".join(not_agreed))
    form.kind.description = warning


class StatusForm(PortalForm):
    # A case is new only once: no status move leads back to it. Handing over has its own form (handover_forms.py).
    target = SelectField(_l("Nieuwe status"), choices=[SelectChoice("", _l("Kies"))]
                         + [choice for choice in choices(AanmeldingStatus)
                            if choice.value not in (AanmeldingStatus.NEW, AanmeldingStatus.HANDED_OVER)],
                         validators=[InputRequired(_l("Kies een nieuwe status."))])
    reason = SelectField(_l("Reden (bij afsluiten)"), choices=[SelectChoice("", "—")]
                         + choices(CloseReason), validators=[Optional()])


class NoteForm(PortalForm):
    text = TextAreaField(_l("Notitie"), validators=[InputRequired(_l("Schrijf een notitie.")), Length(max=4000)],
                         render_kw={"dir": "auto"})
