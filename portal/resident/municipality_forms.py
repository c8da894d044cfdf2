from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, ValidationError

from portal.forms import PortalForm
from portal.rules.postcode import InvalidPostcode, postcode_digits


class PostcodeForm(PortalForm):
    postcode = StringField(
        _l("Uw postcode"),
        description=_l("Bijvoorbeeld 2651 AB. De 4 cijfers zijn genoeg."),
        validators=[InputRequired(_l("Vul uw postcode in. De 4 cijfers zijn genoeg."))],
        render_kw={"autocomplete": "postal-code", "inputmode": "text", "spellcheck": "false", "maxlength": 7},
    )

    def validate_postcode(self, field):
        try:
            postcode_digits(field.data)
        except InvalidPostcode as exc:
            raise ValidationError(_l("Vul een postcode in zoals 2651 AB, of alleen de 4 cijfers.")) from exc
