"""Forms both audiences use. The base form cleans every text a person sends of control characters first.

Control characters (NUL, bidi overrides) break PostgreSQL text columns and can disguise text for caseworkers.
"""

from __future__ import annotations

import re

from babel import support
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.i18n import messages_path
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from portal.csrf_masking import MaskedFormCSRF
from portal.rules.postcode import InvalidPostcode, postcode_digits

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def strip_control_characters(value):
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class WTFormsCatalogue:
    """WTForms' own messages (a field's default label, "Not a valid choice") in the page's language. Flask-WTF reads
    and parses the catalogue file again in every request that builds a form (half a millisecond, a sixth of the ask
    page); these files come with the package and never change while it runs, so each language is read once per
    process. The language is looked up per message, as Flask-WTF does."""

    _loaded: dict[str, support.Translations] = {}

    def _catalogue(self):
        if not has_request_context():
            return None
        locale = get_locale()
        key = str(locale)
        catalogue = self._loaded.get(key)
        if catalogue is None:
            catalogue = self._loaded[key] = support.Translations.load(messages_path(), [locale], domain="wtforms")
        return catalogue

    def gettext(self, string):
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular, plural, n):
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


WTFORMS_CATALOGUE = WTFormsCatalogue()


class PortalForm(FlaskForm):
    class Meta:
        csrf_class = MaskedFormCSRF

        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return WTFORMS_CATALOGUE

        def wrap_formdata(self, form, formdata):
            """The request's texts without control characters before any validator sees them: a required choice
            sent as "\x08" is then missing (a kind message), not an empty value that passed InputRequired."""
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            return MultiDict([(key, strip_control_characters(value)) for key, value in formdata.items(multi=True)])

        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.insert(0, strip_control_characters)
            if issubclass(unbound_field.field_class, CSRFTokenField):
                # A hidden token needs no id, and a page with two forms would have id="csrf_token" twice (invalid HTML).
                options = {**options, "render_kw": {"id": False}}
            return unbound_field.bind(form=form, filters=filters, **options)


class EmptyForm(PortalForm):
    """Buttons that change something (start, show result, clear) still need CSRF protection."""


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuickSelect(Select):
    """A select whose plain options (no attributes of their own) are written directly: WTForms sorts, cleans and
    escapes each option's attributes through html_params, a sixth of the ask page for its three lists. Same HTML
    (`selected` sorts before `value`); anything else goes through WTForms. Use as `SelectField(..., widget=...)`, so
    the field's type stays SelectField for the templates."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


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
