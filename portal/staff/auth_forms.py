from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from portal.forms import PortalForm
from portal.rules.totp import DIGITS


class LoginForm(PortalForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(_l("Vul uw e-mailadres in.")), Length(max=200)],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul uw wachtwoord in.")),
                                                           Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class CodeForm(PortalForm):
    code = StringField(_l("Code uit de app (%(digits)s cijfers)", digits=DIGITS),
                       validators=[InputRequired(_l("Vul de code van %(digits)s cijfers uit uw app in.",
                                                    digits=DIGITS)), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"})


class SetUpForm(PortalForm):
    enrolment_code = StringField(
        _l("Inschrijfcode van de beheerder"),
        description=_l("U kreeg deze code van de beheerder, apart van uw wachtwoord. Bijvoorbeeld: KP7X-3XAF-9HTW."),
        validators=[InputRequired(_l("Vul de inschrijfcode van de beheerder in.")), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
    code = CodeForm.code
