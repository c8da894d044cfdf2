"""Load one municipality's early-warning rows for the monitoring page: dates, partner types, approaches, whether the
household was reached and how its case ended. No personal field is read (names, addresses and contact details stay
encrypted and unselected), so the figures are counts only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from portal.domain.early_warning import EARLY_WARNING_SOURCE
from portal.domain.labelled import LabelledEnum
from portal.labels import label
from portal.models import Contactpoging, Municipality, VisitCount, Vroegsignaal, Vroegsignaalzaak
from portal.rules.early_warning_monitoring import EarlyWarningFigures, SignalRow, VisitRow, figures, month_start


def signal_rows(session: Session, municipality: Municipality, *, first: date, last: date) -> list[SignalRow]:
    """The municipality's signals dated from `first` to `last` (both included), each with its case's state now."""
    reached = exists().where(Contactpoging.zaak_id == Vroegsignaalzaak.id, Contactpoging.bereikt.is_(True))
    statement = (
        select(Vroegsignaal.signalled_on, Vroegsignaal.partner_type, Vroegsignaal.zaak_id, Vroegsignaalzaak.approach,
               reached.label("reached"), Vroegsignaalzaak.result)
        .join(Vroegsignaalzaak, Vroegsignaalzaak.id == Vroegsignaal.zaak_id)
        .where(Vroegsignaal.municipality_id == municipality.id, Vroegsignaal.signalled_on >= first,
               Vroegsignaal.signalled_on <= last))
    return [SignalRow(signalled_on=r.signalled_on, partner_type=r.partner_type, zaak_id=r.zaak_id,
                      approach=r.approach, reached=bool(r.reached), result=r.result)
            for r in session.execute(statement)]


def early_warning_figures(session: Session, municipality: Municipality, *, first: date,
                          today: date) -> EarlyWarningFigures:
    """The months from the one holding `first` up to today (rules/early_warning_monitoring.figures)."""
    start = month_start(first)
    rows = signal_rows(session, municipality, first=start, last=today)
    visits = [VisitRow(day=v.day, count=v.count) for v in session.scalars(
        select(VisitCount).where(VisitCount.municipality == municipality.slug,
                                 VisitCount.source == EARLY_WARNING_SOURCE, VisitCount.day >= start))]
    return figures(rows, visits, first=start, today=today, inhabitants=municipality.inhabitants)


def _share_columns(part) -> list:
    return [part.reached.count, part.reached.base, part.reached.share,
            part.accepted.count, part.accepted.base, part.accepted.share]


SHARE_HEADER = ["reached", "reached_base", "percent_reached", "accepted_help", "accepted_help_base",
                "percent_accepted_help"]


def month_rows(result: EarlyWarningFigures) -> Iterable[list]:
    yield ["month", "whole_month", "signals", "per_1000_inhabitants", "households", *SHARE_HEADER, "letter_visits"]
    for month in result.months:
        yield [month.start.strftime("%Y-%m"), int(month.complete), month.figures.signals, month.per_thousand,
               month.figures.households, *_share_columns(month.figures), month.visits]


def part_rows(attribute: str, key_column: str,
              enum_class: type[LabelledEnum]) -> Callable[[EarlyWarningFigures], Iterable[list]]:
    """Per partner type or per approach over the whole period, labelled in the list's words."""
    def rows(result: EarlyWarningFigures) -> Iterable[list]:
        yield [key_column, "label", "signals", "households", *SHARE_HEADER]
        for key, part in getattr(result, attribute):
            yield [key, label(key, enum_class), part.signals, part.households, *_share_columns(part)]
    return rows
