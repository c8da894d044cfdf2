"""The client experience figures on the monitoring page and in its CSV: the last four quarters of one municipality's
anonymous answers, per quarter and within it per channel and per route, small groups suppressed
(rules/survey_figures.py)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.domain.survey import MIN_GROUP_SIZE, Agreement, WaitingVerdict
from portal.models import Klantervaring
from portal.rules.survey_figures import AnswerRow, GroupFigure, by_quarter, quarter_of

QUARTERS = 4
# The measures a group shows, by name in the CSV: (question, answer) whose share is given, or the mean mark.
SHARES = {"reachable_yes": ("reachable", Agreement.YES), "heard_yes": ("heard", Agreement.YES),
          "next_steps_clear_yes": ("next_steps_clear", Agreement.YES),
          "waiting_too_long": ("waiting", WaitingVerdict.TOO_LONG)}


@dataclass(frozen=True)
class ExperienceFigures:
    quarters: list[str]  # newest first, only those with answers
    overall: dict[str, GroupFigure]
    by_channel: dict[str, list[GroupFigure]]
    by_route: dict[str, list[GroupFigure]]
    # The open answers of a quarter with enough answers to not point at anyone, shuffled (never exported).
    remarks: dict[str, list[str]] = field(default_factory=dict)
    min_group_size: int = MIN_GROUP_SIZE


def first_month(today: date, quarters: int = QUARTERS) -> str:
    """The first month of the quarter `quarters - 1` before today's: "2026-01" for today in 2026-K4 and 4."""
    index = today.year * 4 + (today.month - 1) // 3 - (quarters - 1)
    return f"{index // 4}-{(index % 4) * 3 + 1:02d}"


def experience_figures(session: Session, municipality_id: int, *, today: date) -> ExperienceFigures:
    answers = list(session.scalars(select(Klantervaring).where(Klantervaring.municipality_id == municipality_id,
                                                               Klantervaring.month >= first_month(today))))
    rows = [AnswerRow(month=a.month, channel=a.channel, route=a.route, reachable=a.reachable, heard=a.heard,
                      next_steps_clear=a.next_steps_clear, waiting=a.waiting, mark=a.mark) for a in answers]
    overall = {quarter: groups[0] for quarter, groups in by_quarter(rows).items()}
    remarks: dict[str, list[str]] = {}
    for quarter, figure in overall.items():
        texts = [a.remark for a in answers if a.remark and quarter_of(a.month) == quarter]
        if not figure.suppressed and texts:
            random.shuffle(texts)  # the order they came in could point at someone
            remarks[quarter] = texts
    return ExperienceFigures(quarters=sorted(overall, reverse=True), overall=overall,
                             by_channel=by_quarter(rows, split_by="channel"),
                             by_route=by_quarter(rows, split_by="route"), remarks=remarks)


def csv_rows(figures: ExperienceFigures) -> Iterable[list]:
    """Long format; a suppressed group has one row with its n and no measure. The open answers never go in."""
    yield ["quarter", "group_by", "group", "n", "measure", "value"]
    for quarter in sorted(figures.quarters):
        for group_by, groups in (("all", [figures.overall[quarter]]), ("channel", figures.by_channel[quarter]),
                                 ("route", figures.by_route[quarter])):
            for group in groups:
                if group.suppressed:
                    yield [quarter, group_by, group.key, group.n, "", ""]
                    continue
                yield [quarter, group_by, group.key, group.n, "mean_mark", group.mean_mark]
                for measure, (question, answer) in SHARES.items():
                    yield [quarter, group_by, group.key, group.n, measure, group.share(question, answer)]

