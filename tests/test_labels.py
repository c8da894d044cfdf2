"""Every member of every closed list has a label, in every language of the portal, and pages show it translated."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from portal.config import SUPPORTED_LOCALES
from portal.domain.crisis import CrisisKind
from portal.domain.groups import ResidentGroup
from portal.labels import ENUMS, choices, label

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = [member for enum_class in ENUMS for member in enum_class]


def _catalogue(locale: str) -> dict[str, str]:
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and "fuzzy" not in m.flags}


def test_the_labelled_lists_are_every_labelled_list_in_the_domain():
    import pkgutil
    from importlib import import_module

    import portal.domain
    from portal.domain.labelled import LabelledEnum

    found = {value for info in pkgutil.iter_modules(portal.domain.__path__)
             for value in vars(import_module(f"portal.domain.{info.name}")).values()
             if isinstance(value, type) and issubclass(value, LabelledEnum) and value is not LabelledEnum}
    assert found == set(ENUMS), "add the new list to portal.labels.ENUMS so templates can name it"


@pytest.mark.parametrize("locale", [code for code in SUPPORTED_LOCALES if code != "nl"])
def test_every_member_has_a_translated_label(locale):
    catalogue = _catalogue(locale)
    missing = [f"{type(m).__name__}.{m.name}: {msgid}" for m in MEMBERS for msgid in {m.msgid, m.choice_msgid}
               if not msgid.strip() or not (catalogue.get(msgid) or "").strip()]
    assert missing == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_labels_are_shown_in_the_page_language(app, locale):
    catalogue = _catalogue(locale) if locale != "nl" else {}
    with app.test_request_context(), force_locale(locale):
        for member in MEMBERS:
            assert label(member) == catalogue.get(member.msgid, member.msgid)
            assert label(member.value, type(member)) == label(member), "a stored value gets its member's label"


def test_staff_and_residents_see_their_own_label(app):
    with app.test_request_context(), force_locale("en"):
        assert label(ResidentGroup.YOUTH) == "Young person"
        assert label(ResidentGroup.YOUTH, choice=True) != label(ResidentGroup.YOUTH)


def test_a_value_no_list_knows_is_shown_as_stored(app):
    with app.test_request_context():
        assert label("flood", CrisisKind) == "flood"
        assert label(None, CrisisKind) == ""


def test_form_choices_follow_the_list(app):
    with app.test_request_context(), force_locale("nl"):
        assert [(c.value, str(c.label)) for c in choices(CrisisKind)] == [(m.value, m.msgid) for m in CrisisKind]
