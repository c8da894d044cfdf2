"""A loaded, validated questionnaire. Immutable; branches on stable ids only."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.domain.crisis import CrisisKind
from portal.domain.groups import REAL_GROUPS

GROUPS = REAL_GROUPS
CRISIS_KINDS = tuple(CrisisKind)
FLAGS = ("children", "interpreter", "prefers_chat", "business_running")
KINDS = ("single", "multi", "postcode")


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    points: int
    group: str | None = None
    crisis: str | None = None
    at_least: str | None = None
    reason: str | None = None
    flag: str | None = None
    exclusive: bool = False


@dataclass(frozen=True)
class Condition:
    """Show a question only when a group was revealed, or when an earlier question got one of some answers."""

    group: str | None = None
    question: str | None = None
    any_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    source: str  # the file it came from, for error messages
    hint: str | None = None
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Routing:
    advice_from: int
    volunteer_from: int
    debt_help_from: int


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    questions: tuple[Question, ...]
    routing: Routing
    reasons: dict[str, str] = field(default_factory=dict)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def texts(self) -> list[tuple[str, str]]:
        """(file, text) for every text a resident can see, for the catalogue check."""
        main_file = self.questions[0].source
        found = [(main_file, text) for text in self.reasons.values()]
        for question in self.questions:
            texts = [question.text, question.hint] + [option.text for option in question.options]
            found += [(question.source, text) for text in texts if text]
        return found
