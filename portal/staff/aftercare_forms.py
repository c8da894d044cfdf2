"""The form of the after-care page: a contact attempt for one contact moment."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.casework import ContactKind
from portal.forms import PortalForm
from portal.labels import choices

NOTE_MAX = 2000


class AftercareContactForm(PortalForm):
    kind = SelectField(_l("Hoe?"), choices=[SelectChoice("", _l("Kies"))] + choices(ContactKind),
                       validators=[InputRequired(_l("Kies hoe u contact zocht."))])
    reached = RadioField(_l("Contact gehad?"), choices=[SelectChoice("yes", _l("Ja, gesproken")),
                                                         SelectChoice("no", _l("Nee, niet bereikt"))],
                         validators=[InputRequired(_l("Kies of u contact had."))])
    moment = SelectField(_l("Voor welk contactmoment?"), validators=[Optional()], validate_choice=False)
    note = TextAreaField(_l("Notitie (mag leeg blijven)"), validators=[Optional(), Length(max=NOTE_MAX)],
                         render_kw={"dir": "auto"})

    def for_moments(self, moments, default, describe) -> AftercareContactForm:
        """Offers the moments (`describe` names one) and "in between"; `default` is chosen on a fresh form."""
        self.moment.choices = [SelectChoice("", _("Geen: een contact tussendoor"))] + \
            [SelectChoice(str(m.number), describe(m)) for m in moments]
        if self.moment.data is None and default is not None:
            self.moment.data = str(default.number)
        return self

    def show_unknown_moment(self) -> None:
        self.moment.errors = [_("Kies een van de contactmomenten in de lijst.")]
