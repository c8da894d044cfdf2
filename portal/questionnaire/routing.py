"""Scoring and routing for the money check: answers in, route and reasons out. The crisis lane wins over any score."""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.routes import ROUTES_IN_ORDER, Route
from portal.questionnaire.flow import Answers, chosen_options, relevant_answers
from portal.questionnaire.model import Questionnaire

CRISIS = Route.CRISIS
DEBT_HELP = Route.DEBT_HELP
VOLUNTEER = Route.VOLUNTEER
ANONYMOUS_ADVICE = Route.ANONYMOUS_ADVICE
SELF_HELP = Route.SELF_HELP


@dataclass(frozen=True)
class Outcome:
    route: str
    score: int
    crisis: tuple[str, ...]
    groups: tuple[str, ...]
    reasons: tuple[str, ...]
    flags: tuple[str, ...]

    @property
    def is_crisis(self) -> bool:
        return self.route == CRISIS


def _route_for_score(questionnaire: Questionnaire, score: int) -> str:
    routing = questionnaire.routing
    if score >= routing.debt_help_from:
        return DEBT_HELP
    if score >= routing.volunteer_from:
        return VOLUNTEER
    if score >= routing.advice_from:
        return ANONYMOUS_ADVICE
    return SELF_HELP


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def route_for(questionnaire: Questionnaire, answers: Answers) -> Outcome:
    options = []
    relevant = relevant_answers(questionnaire, answers)
    for question in questionnaire.questions:
        answer = relevant.get(question.id)
        if answer is not None and question.options:
            options += chosen_options(question, answer)

    score = sum(option.points for option in options)
    crisis = _unique(option.crisis for option in options if option.crisis)
    route = _route_for_score(questionnaire, score)
    for option in options:
        if option.at_least and ROUTES_IN_ORDER.index(option.at_least) > ROUTES_IN_ORDER.index(route):
            route = option.at_least
    if crisis:
        route = CRISIS
    return Outcome(
        route=route,
        score=score,
        crisis=crisis,
        groups=_unique(option.group for option in options if option.group),
        reasons=_unique(option.reason for option in options if option.reason),
        flags=_unique(option.flag for option in options if option.flag),
    )
