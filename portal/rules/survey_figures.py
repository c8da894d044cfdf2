"""Client experience figures from anonymous survey answers: per quarter, and within it per channel or route, with
any group of fewer than MIN_GROUP_SIZE answers suppressed (a small group could point at a person). No database here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean

from portal.domain.survey import MIN_GROUP_SIZE

# The closed questions, by the answer row's attribute (domain/survey.py: Agreement, WaitingVerdict).
CLOSED_QUESTIONS = ("reachable", "heard", "next_steps_clear", "waiting")


@dataclass(frozen=True)
class AnswerRow:
    month: str  # "2026-12"
    channel: str  # domain SignupChannel
    route: str  # domain survey.HelpRoute
    reachable: str | None = None
    heard: str | None = None
    next_steps_clear: str | None = None
    waiting: str | None = None
    mark: int | None = None


@dataclass(frozen=True)
class GroupFigure:
    """One group's answers: n always; the rest only when n is large enough to show."""

    key: str  # the channel, route, or "" for the whole quarter
    n: int
    mean_mark: float | None = None  # None when suppressed or nobody gave a mark
    answers: dict[str, Counter] = field(default_factory=dict)  # question -> answer -> count

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_GROUP_SIZE

    def share(self, question: str, answer: str) -> float | None:
        """Percentage of those who answered this question; None when suppressed or nobody answered it."""
        counts = self.answers.get(question)
        if self.suppressed or not counts:
            return None
        return round(100 * counts[answer] / sum(counts.values()), 1)


def quarter_of(month: str) -> str:
    """"2026-11" -> "2026-K4"."""
    year, number = month.split("-")
    return f"{year}-K{(int(number) - 1) // 3 + 1}"


def group_figure(key: str, rows: list[AnswerRow]) -> GroupFigure:
    if len(rows) < MIN_GROUP_SIZE:
        return GroupFigure(key=key, n=len(rows))
    marks = [row.mark for row in rows if row.mark is not None]
    answers = {question: Counter(getattr(row, question) for row in rows if getattr(row, question) is not None)
               for question in CLOSED_QUESTIONS}
    return GroupFigure(key=key, n=len(rows), mean_mark=round(mean(marks), 1) if marks else None, answers=answers)


def by_quarter(rows: list[AnswerRow], *, split_by: str | None = None) -> dict[str, list[GroupFigure]]:
    """Quarter -> its groups, quarters in order. `split_by` "channel" or "route" gives a figure per value (sorted);
    None one figure for the whole quarter (key "")."""
    quarters: dict[str, dict[str, list[AnswerRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        quarters[quarter_of(row.month)][getattr(row, split_by) if split_by else ""].append(row)
    return {quarter: [group_figure(key, groups[key]) for key in sorted(groups)]
            for quarter, groups in sorted(quarters.items())}
