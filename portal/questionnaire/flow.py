"""Which question comes next, which are shown, and how far along the resident is. Answers in, ids out."""

from __future__ import annotations

from portal.questionnaire.model import Question, Questionnaire

Answers = dict[str, str | list[str]]


def chosen_options(question: Question, answer) -> list:
    ids = answer if isinstance(answer, list) else [answer]
    return [option for option in (question.option(i) for i in ids) if option is not None]


def _is_shown(question: Question, answers: Answers, groups: set[str]) -> bool:
    condition = question.show_if
    if condition is None:
        return True
    if condition.group:
        return condition.group in groups
    answer = answers.get(condition.question)
    chosen = answer if isinstance(answer, list) else [answer]
    return any(option_id in chosen for option_id in condition.any_of)


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """In order; a group counts as revealed for the questions after the answer that revealed it."""
    shown, groups = [], set()
    for question in questionnaire.questions:
        if not _is_shown(question, answers, groups):
            continue
        shown.append(question)
        if question.id in answers:
            groups |= {o.group for o in chosen_options(question, answers[question.id]) if o.group}
    return shown


def relevant_answers(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """Answers to questions that no longer show (the resident changed an earlier answer) stop counting."""
    return {q.id: answers[q.id] for q in visible_questions(questionnaire, answers) if q.id in answers}


def first_unanswered(questionnaire: Questionnaire, answers: Answers) -> Question | None:
    return next((q for q in visible_questions(questionnaire, answers) if q.id not in answers), None)


def may_open(questionnaire: Questionnaire, answers: Answers, question_id: str) -> bool:
    """No jumping ahead by URL: every earlier shown question must have an answer."""
    for question in visible_questions(questionnaire, answers):
        if question.id == question_id:
            return True
        if question.id not in answers:
            return False
    return False


def next_question(questionnaire: Questionnaire, answers: Answers, current_id: str) -> Question | None:
    shown = visible_questions(questionnaire, answers)
    ids = [q.id for q in shown]
    index = ids.index(current_id) if current_id in ids else -1
    return next((q for q in shown[index + 1:] if q.id not in answers), None)


def previous_question(questionnaire: Questionnaire, answers: Answers, current_id: str) -> Question | None:
    shown = visible_questions(questionnaire, answers)
    ids = [q.id for q in shown]
    if current_id not in ids or ids.index(current_id) == 0:
        return None
    return shown[ids.index(current_id) - 1]


def progress(questionnaire: Questionnaire, answers: Answers, question_id: str) -> tuple[int, int]:
    """(position, about how many): the total can change as answers reveal or hide questions."""
    ids = [q.id for q in visible_questions(questionnaire, answers)]
    return ids.index(question_id) + 1, len(ids)


def is_complete(questionnaire: Questionnaire, answers: Answers) -> bool:
    return first_unanswered(questionnaire, answers) is None
