"""Read questionnaire files and validate them against the schema. A broken file fails loudly, naming file and place."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portal.domain.routes import ROUTES_IN_ORDER
from portal.questionnaire.model import (
    CRISIS_KINDS,
    FLAGS,
    GROUPS,
    KINDS,
    Condition,
    Option,
    Question,
    Questionnaire,
    Routing,
)

QUESTION_KEYS = {"id", "kind", "text", "hint", "option", "show_if"}
OPTION_KEYS = {"id", "text", "points", "group", "crisis", "at_least", "reason", "flag", "exclusive"}


class QuestionnaireError(ValueError):
    """The message always starts with the file and the place in it."""


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(f"{path}: not valid TOML: {exc}") from exc


def _fail(where: str, problem: str):
    raise QuestionnaireError(f"{where}: {problem}")


def _text(data: dict, key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{key}' must be a non-empty text")
    return value


def _one_of(value, allowed: tuple[str, ...], key: str, where: str):
    if value is not None and value not in allowed:
        _fail(where, f"'{key}' is '{value}', expected one of {', '.join(allowed)}")
    return value


def _option(data: dict, where: str) -> Option:
    unknown = set(data) - OPTION_KEYS
    if unknown:
        _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
    if "points" not in data:
        _fail(where, "option has no outcome: give it 'points' (0 to 3)")
    points = data["points"]
    if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 3:
        _fail(where, "'points' must be a whole number from 0 to 3")
    return Option(
        id=_text(data, "id", where),
        text=_text(data, "text", where),
        points=points,
        group=_one_of(data.get("group"), GROUPS, "group", where),
        crisis=_one_of(data.get("crisis"), CRISIS_KINDS, "crisis", where),
        at_least=_one_of(data.get("at_least"), ROUTES_IN_ORDER, "at_least", where),
        reason=data.get("reason"),
        flag=_one_of(data.get("flag"), FLAGS, "flag", where),
        exclusive=bool(data.get("exclusive", False)),
    )


def _condition(data, where: str) -> Condition | None:
    if data is None:
        return None
    if not isinstance(data, dict) or set(data) - {"group", "question", "any_of"}:
        _fail(where, "'show_if' takes 'group', or 'question' with 'any_of'")
    if "group" in data:
        return Condition(group=_one_of(data["group"], GROUPS, "show_if.group", where))
    if not isinstance(data.get("question"), str) or not isinstance(data.get("any_of"), list) or not data["any_of"]:
        _fail(where, "'show_if' needs 'question' and a non-empty 'any_of' list")
    return Condition(question=data["question"], any_of=tuple(data["any_of"]))


def _question(data: dict, source: Path, index: int, group: str | None) -> Question:
    where = f"{source}: question #{index + 1}"
    question_id = _text(data, "id", where)
    where = f"{source}: question '{question_id}'"
    unknown = set(data) - QUESTION_KEYS
    if unknown:
        _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")
    kind = _one_of(data.get("kind"), KINDS, "kind", where)
    if kind is None:
        _fail(where, "'kind' is missing")
    options = tuple(_option(o, f"{where}, option #{i + 1}") for i, o in enumerate(data.get("option", [])))
    if kind == "postcode" and options:
        _fail(where, "a postcode question has no options")
    if kind != "postcode" and len(options) < 2:
        _fail(where, "needs at least two options")
    option_ids = [o.id for o in options]
    if len(set(option_ids)) != len(option_ids):
        _fail(where, "two options have the same id")
    if kind == "single" and any(o.exclusive for o in options):
        _fail(where, "'exclusive' only makes sense in a multi question")
    show_if = _condition(data.get("show_if"), where)
    if group and show_if is None:
        show_if = Condition(group=group)
    return Question(id=question_id, kind=kind, text=_text(data, "text", where), hint=_text(data, "hint", where, False),
                    options=options, show_if=show_if, source=str(source))


def _routing(data, where: str) -> Routing:
    if not isinstance(data, dict):
        _fail(where, "needs a [routing] table with advice_from, volunteer_from and debt_help_from")
    try:
        routing = Routing(int(data["advice_from"]), int(data["volunteer_from"]), int(data["debt_help_from"]))
    except (KeyError, TypeError, ValueError):
        _fail(where, "[routing] needs whole numbers advice_from, volunteer_from and debt_help_from")
    if not 0 < routing.advice_from < routing.volunteer_from < routing.debt_help_from:
        _fail(where, "[routing] thresholds must rise: 0 < advice_from < volunteer_from < debt_help_from")
    return routing


def _check_references(questionnaire: Questionnaire) -> None:
    seen: dict[str, Question] = {}
    revealable: set[str] = set()
    for question in questionnaire.questions:
        where = f"{question.source}: question '{question.id}'"
        if question.id in seen:
            _fail(where, f"the id is used twice (also in {seen[question.id].source})")
        condition = question.show_if
        if condition and condition.question:
            earlier = seen.get(condition.question)
            if earlier is None:
                later = questionnaire.question(condition.question)
                _fail(where, f"show_if refers to {'a later' if later else 'an unknown'} question "
                             f"'{condition.question}'" + (" (that would be a cycle)" if later else ""))
            unknown = set(condition.any_of) - {o.id for o in earlier.options}
            if unknown:
                _fail(where, f"show_if refers to unknown option(s) {', '.join(sorted(unknown))} "
                             f"of '{earlier.id}': the question could never show")
        if condition and condition.group and condition.group not in revealable:
            _fail(where, f"unreachable: no earlier answer reveals the group '{condition.group}'")
        for option in question.options:
            if option.reason and option.reason not in questionnaire.reasons:
                _fail(f"{where}, option '{option.id}'", f"reason '{option.reason}' is not in [reasons]")
            if option.group:
                revealable.add(option.group)
        seen[question.id] = question


def load_questionnaire(directory: Path, questionnaire_id: str) -> Questionnaire:
    """The main file plus every variant file that `extends` it, inserted where each variant says."""
    main_path = directory / f"{questionnaire_id}.toml"
    if not main_path.exists():
        raise QuestionnaireError(f"{main_path}: file not found")
    main = _read(main_path)
    if main.get("id") != questionnaire_id:
        _fail(str(main_path), f"'id' must be '{questionnaire_id}'")
    if not isinstance(main.get("version"), int):
        _fail(str(main_path), "'version' must be a whole number")
    reasons = main.get("reasons", {})
    for key in reasons:
        _text(reasons, key, f"{main_path}: reason '{key}'")
    questions = [_question(q, main_path, i, None) for i, q in enumerate(main.get("question", []))]
    if not questions:
        _fail(str(main_path), "has no questions")

    for variant_path in sorted(directory.glob(f"{questionnaire_id}-*.toml")):
        variant = _read(variant_path)
        if variant.get("extends") != questionnaire_id:
            _fail(str(variant_path), f"'extends' must be '{questionnaire_id}'")
        group = _one_of(variant.get("group"), GROUPS, "group", str(variant_path))
        anchor = variant.get("insert_after")
        position = next((i for i, q in enumerate(questions) if q.id == anchor), None)
        if position is None:
            _fail(str(variant_path), f"'insert_after' names unknown question '{anchor}'")
        extra = [_question(q, variant_path, i, group) for i, q in enumerate(variant.get("question", []))]
        if not extra:
            _fail(str(variant_path), "has no questions")
        questions[position + 1:position + 1] = extra

    questionnaire = Questionnaire(id=questionnaire_id, version=main["version"], questions=tuple(questions),
                                  routing=_routing(main.get("routing"), str(main_path)), reasons=dict(reasons))
    _check_references(questionnaire)
    return questionnaire
