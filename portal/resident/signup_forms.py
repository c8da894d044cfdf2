"""The form a resident uses after sending: something they forgot, added to the sign-up they sent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import PortalForm
from portal.services.signup import ADDITION_MAX_LENGTH


class AddToSignupForm(PortalForm):
    text = TextAreaField(
        _l("Wat wilt u nog vertellen?"),
        description=_l("Bijvoorbeeld: een brief die net binnenkwam, of een beter moment om te bellen."),
        validators=[DataRequired(_l("Schrijf wat u wilt toevoegen.")),
                    Length(max=ADDITION_MAX_LENGTH, message=_l("Dit is te lang. Schrijf maximaal %(max)d tekens."))],
    )
