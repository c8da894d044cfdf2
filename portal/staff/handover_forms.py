from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.handover import OverdrachtState, ShareConsent
from portal.forms import PortalForm
from portal.labels import choices


def optional_id(value) -> int | None:
    """A select's value as an id; its empty first option (and anything else that is not a number) as None."""
    return int(value) if str(value).isdigit() else None


class HandoverForm(PortalForm):
    # The municipality's partners are filled in by the view; a required select starts empty.
    partner_id = SelectField(_l("Aan welke partner?"), choices=[], coerce=optional_id,
                             validators=[InputRequired(_l("Kies aan welke partner u overdraagt."))])
    why = TextAreaField(_l("Waarom deze partner?"),
                        description=_l("De partner leest dit. Schrijf alleen wat de inwoner goed vindt."),
                        validators=[InputRequired(_l("Schrijf waarom u de zaak overdraagt.")), Length(max=2000)])

    def with_partners(self, partners) -> "HandoverForm":
        self.partner_id.choices = [SelectChoice("", _l("Kies"))] + [SelectChoice(p.id, p.name) for p in partners]
        return self


class ShareConsentForm(PortalForm):
    share_consent = RadioField(_l("Wat zei de inwoner over gegevens delen met de partner?"),
                               choices=choices(ShareConsent, choice=False),
                               validators=[InputRequired(_l("Kies wat de inwoner zei."))])


class ReturnForm(PortalForm):
    return_reason = TextAreaField(_l("Waarom stuurt u de zaak terug?"),
                                  description=_l("De ketenregisseur leest dit en zoekt een andere oplossing."),
                                  validators=[InputRequired(_l("Schrijf waarom u de zaak terugstuurt.")),
                                              Length(max=2000)])


class HandoverFilterForm(PortalForm):
    class Meta:
        csrf = False

    state = SelectField(_l("Welke overdrachten?"),
                        choices=[SelectChoice("", _l("Alle")), *choices(OverdrachtState, choice=False),
                                 SelectChoice("overdue", _l("te laat"))],
                        default="", validators=[Optional()])
