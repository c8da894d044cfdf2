from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import PortalForm
from portal.staff.labels import CLOSE_REASON_LABELS, CONTACT_KIND_LABELS, GROUP_LABELS, STATUS_LABELS


class QueueFilterForm(PortalForm):
    """A GET form: filters are in the URL so they can be bookmarked and saved."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[SelectChoice("open", _l("Open"))]
                         + [SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
                         + [SelectChoice("all", _l("Alle"))], default="open", validators=[Optional()])
    group = SelectField(_l("Groep"), choices=[SelectChoice("", _l("Alle groepen"))]
                        + [SelectChoice(k, v) for k, v in GROUP_LABELS.items()], default="", validators=[Optional()])
    source = SelectField(_l("Bron"), choices=[SelectChoice("", _l("Alle bronnen"))], default="",
                         validators=[Optional()], validate_choice=False)
    assigned = SelectField(_l("Toegewezen"), choices=[SelectChoice("", _l("Iedereen")),
                                                     SelectChoice("me", _l("Aan mij")),
                                                     SelectChoice("none", _l("Nog aan niemand"))],
                           default="", validators=[Optional()])
    reference = StringField(_l("Zoek op nummer"), validators=[Optional(), Length(max=10)],
                            render_kw={"spellcheck": "false", "autocomplete": "off"})


class SaveFilterForm(PortalForm):
    name = StringField(_l("Naam van dit filter"), validators=[InputRequired(_l("Geef het filter een naam.")),
                                                             Length(max=60)])


class ContactAttemptForm(PortalForm):
    kind = SelectField(_l("Hoe?"), choices=[SelectChoice(k, v) for k, v in CONTACT_KIND_LABELS.items()],
                       validators=[InputRequired()])
    reached = RadioField(_l("Contact gehad?"), choices=[SelectChoice("yes", _l("Ja, gesproken")),
                                                         SelectChoice("no", _l("Nee, niet bereikt"))],
                         validators=[InputRequired(_l("Kies of u contact had."))])
    note = TextAreaField(_l("Notitie (mag leeg blijven)"), validators=[Optional(), Length(max=2000)])


class StatusForm(PortalForm):
    target = SelectField(_l("Nieuwe status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()
                                                      if k != "new"], validators=[InputRequired()])
    partner = SelectField(_l("Overdragen aan (bij overdragen)"), choices=[], validators=[Optional()],
                          validate_choice=False)
    reason = SelectField(_l("Reden (bij afsluiten)"), choices=[SelectChoice("", "—")]
                         + [SelectChoice(k, v) for k, v in CLOSE_REASON_LABELS.items()], validators=[Optional()])


class NoteForm(PortalForm):
    text = TextAreaField(_l("Notitie"), validators=[InputRequired(_l("Schrijf een notitie.")), Length(max=4000)])
