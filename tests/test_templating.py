"""Template helpers render the same HTML as WTForms would."""

import pytest
from markupsafe import Markup
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from portal.forms import CheckboxesField, PortalForm
from portal.resident.selftest_forms import question_form
from portal.templating import choice_options


def _as_wtforms_renders(field) -> list[str]:
    return [f"{option(**(option.choice.render_kw or {}))} {option.label()}" for option in field]


class _Odd(PortalForm):
    reveals = RadioField("Kies", choices=[SelectChoice("a", "A <b>&amp;</b> \"'"), SelectChoice("b", "B", render_kw={
        "data-reveals": "b-more", "aria_controls": "x"}), SelectChoice("c&d", "")], validators=[InputRequired()])
    optional = CheckboxesField("Kies", choices=[SelectChoice("x", "X"), SelectChoice("y", "Y")],
                               validators=[Optional()], render_kw={"data_field": "1", "class_": "big"})
    disabled = RadioField("Kies", choices=[SelectChoice("p", "P")], render_kw={"disabled": True, "checked": False})


@pytest.mark.parametrize("data", [{}, {"reveals": "b", "optional": ["x", "y"], "disabled": "p"},
                                  {"reveals": "c&d", "optional": ["y"]}])
def test_choice_options_render_as_wtforms_does(app, data):
    with app.test_request_context():
        form = _Odd(data=data)
        for field in (form.reveals, form.optional, form.disabled):
            assert [str(html) for html in choice_options(field)] == _as_wtforms_renders(field)
            assert all(isinstance(html, Markup) for html in choice_options(field))


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_every_money_check_question_renders_as_wtforms_does(app, lang):
    questionnaire = app.extensions["questionnaires"]["selftest"]
    with app.test_request_context(headers={"Accept-Language": lang}):
        for question in questionnaire.questions:
            if question.kind == "postcode":
                continue
            first = question.options[0].id
            for answer in (None, first if question.kind == "single" else [first, question.options[-1].id]):
                field = question_form(question, data={"answer": answer}).answer
                assert [str(html) for html in choice_options(field)] == _as_wtforms_renders(field)


def test_fixed_links_follow_the_script_root_they_are_served_under(client):
    from tests.conftest import page

    for root in ("", "/portaal", ""):
        soup = page(client.get("/", environ_overrides={"SCRIPT_NAME": root}))
        assert soup.select_one("a.brand")["href"] == f"{root}/"
        assert soup.select_one("script[src]")["src"] == f"{root}/static/js/portal.js"
        assert soup.select_one("a.exit-help")["href"] == f"{root}/geschiedenis-wissen"
