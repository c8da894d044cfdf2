"""The shared form pieces: WTForms' own messages per language, and the quick select's HTML."""

import pytest
from babel import support
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.widgets import Select

from portal.forms import WTFORMS_CATALOGUE, PortalForm, QuickSelect


def test_wtforms_messages_follow_each_requests_language_from_one_read(app):
    seen = {}
    for lang in ("nl", "en", "pl", "nl"):
        with app.test_request_context(headers={"Accept-Language": lang}):
            text = WTFORMS_CATALOGUE.gettext("Not a valid choice.")
            expected = support.Translations.load(messages_path(), [lang], domain="wtforms").ugettext(
                "Not a valid choice.")
            assert text == expected
            seen[lang] = text
    assert seen["nl"] != seen["en"] and seen["pl"] != seen["en"]
    with app.app_context():  # outside a request: WTForms' English, as Flask-WTF does
        assert WTFORMS_CATALOGUE.gettext("Not a valid choice.") == "Not a valid choice."


CHOICES = [SelectChoice("", "—"), SelectChoice("a&b", 'A <i>"x"</i>'), SelectChoice("c", ""),
           SelectChoice("d", "D", render_kw={"lang": "ar", "dir": "rtl"}), SelectChoice(3, "Three")]


class _Lists(PortalForm):
    quick = SelectField("Kies", choices=CHOICES, widget=QuickSelect(), coerce=str)
    plain = SelectField("Kies", choices=CHOICES, widget=Select(), coerce=str)


@pytest.mark.parametrize("chosen", ["", "a&b", "c", "d", "3"])
def test_the_quick_select_writes_what_wtforms_writes(app, chosen):
    with app.test_request_context():
        form = _Lists(data={"quick": chosen, "plain": chosen})
        assert str(form.quick(class_="input")).replace('name="quick"', "").replace('id="quick"', "") == \
            str(form.plain(class_="input")).replace('name="plain"', "").replace('id="plain"', "")
