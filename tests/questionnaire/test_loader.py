import shutil

import pytest

from portal.questionnaire.loader import QuestionnaireError, load_questionnaire
from tests.conftest import make_test_app
from tests.questionnaire.conftest import QUESTIONNAIRES


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, folder)
    return folder


def _break(folder, file, old, new):
    path = folder / file
    text = path.read_text()
    assert old in text, f"test set-up: {old!r} not in {file}"
    path.write_text(text.replace(old, new))
    return path


WEIGHT = 'id = "weight"\nkind = "single"'


def _weight_if(condition: str) -> str:
    return f'{WEIGHT}\nshow_if = {condition}'


BROKEN = [
    ("selftest.toml", WEIGHT, _weight_if('{ question = "nope", any_of = ["x"] }'),
     "question 'weight': show_if refers to an unknown question 'nope'"),
    ("selftest.toml", WEIGHT, _weight_if('{ question = "income", any_of = ["job"] }'),
     "question 'weight': show_if refers to a later question 'income' (that would be a cycle)"),
    ("selftest.toml", WEIGHT, _weight_if('{ question = "overview", any_of = ["maybe"] }'),
     "unknown option(s) maybe of 'overview': the question could never show"),
    ("selftest.toml", '  group = "youth"\n', "",
     "selftest-youth.toml: question 'youth_debts': unreachable: no earlier answer reveals the group 'youth'"),
    ("selftest.toml", '  text = "Weinig"\n  points = 0\n', '  text = "Weinig"\n', "option #1: option has no outcome"),
    ("selftest.toml", 'reason = "stress"', 'reason = "panic"', "reason 'panic' is not in [reasons]"),
    ("selftest.toml", 'kind = "multi"', 'kind = "many"', "'kind' is 'many'"),
    ("selftest.toml", 'id = "duration"', 'id = "overview"', "question 'overview': the id is used twice"),
    ("selftest.toml", "[routing]", "[routing\n", "not valid TOML"),
    ("selftest-youth.toml", 'insert_after = "helpers"', 'insert_after = "hobbies"',
     "'insert_after' names unknown question 'hobbies'"),
    ("selftest-youth.toml", 'text = "Bellen"', 'txt = "Bellen"', "unknown key(s) txt"),
    ("selftest.toml", "advice_from = 4", "advice_from = 40", "thresholds must rise"),
]


@pytest.mark.parametrize("file,old,new,message", BROKEN, ids=[b[3][:40] for b in BROKEN])
def test_a_broken_questionnaire_names_the_file_and_the_problem(copy, file, old, new, message):
    path = _break(copy, file, old, new)
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(copy, "selftest")
    named = message.split(":")[0] if message.startswith("selftest") else path.name
    assert f"{path.parent}/{named}" in str(info.value)
    assert message in str(info.value)


def test_the_real_questionnaires_load(copy):
    questionnaire = load_questionnaire(copy, "selftest")
    assert questionnaire.version >= 1 and len(questionnaire.questions) >= 13


def test_start_up_fails_on_a_broken_questionnaire(copy, monkeypatch, migrated_database, tmp_path):
    _break(copy, "selftest.toml", 'reason = "stress"', 'reason = "panic"')
    monkeypatch.setenv("QUESTIONNAIRE_DIR", str(copy))
    with pytest.raises(QuestionnaireError, match="selftest.toml: question 'weight', option 'much': reason 'panic'"):
        make_test_app(migrated_database, tmp_path)


def test_start_up_fails_when_a_text_is_not_translated(copy, monkeypatch, migrated_database, tmp_path):
    _break(copy, "selftest-youth.toml", 'text = "Bellen"', 'text = "Opbellen graag"')
    monkeypatch.setenv("QUESTIONNAIRE_DIR", str(copy))
    with pytest.raises(QuestionnaireError, match="missing in the 'en' catalogue, e.g. 'Opbellen graag'") as info:
        make_test_app(migrated_database, tmp_path)
    assert "selftest-youth.toml" in str(info.value)


def test_check_command_passes_on_the_real_files(app):
    result = app.test_cli_runner().invoke(args=["check-questionnaires"])
    assert result.exit_code == 0, result.output
    assert "selftest v1" in result.output


def test_check_command_fails_naming_the_file(app, copy):
    path = _break(copy, "selftest.toml", 'id = "duration"', 'id = "overview"')
    app.config["QUESTIONNAIRE_DIR"] = str(copy)
    result = app.test_cli_runner().invoke(args=["check-questionnaires"])
    assert result.exit_code != 0
    assert str(path) in result.output and "the id is used twice" in result.output
