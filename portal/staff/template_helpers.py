"""Small helpers for staff templates; the names of closed lists come from portal.labels."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from flask_babel import format_currency, format_date, format_datetime, format_decimal, format_percent, gettext

from portal.i18n import LANGUAGE_NAMES
from portal.labels import label
from portal.services.cases import deadline_state_of
from portal.services.monitoring import group_label


def all_rows(counter: Counter, enum_class) -> list[tuple[str, int]]:
    """Every member of the list in its own order, a zero too, so the rows add up to the total; then any value the list
    does not know (older data), as stored."""
    known = [(label(member), counter.get(member.value, 0)) for member in enum_class]
    other = [(str(key), count) for key, count in counter.most_common() if key not in enum_class._value2member_map_]
    return known + other


def group_rows(counter: Counter) -> list[tuple[str, int]]:
    """A money check's groups: one or more at once ("entrepreneur+youth")."""
    return [(group_label(key), count) for key, count in counter.most_common()]


def source_rows(counter: Counter, report) -> list[tuple[str, int]]:
    return [(report.source_label(key), count) for key, count in counter.most_common()]


def percent(share: float | None) -> str:
    return "—" if share is None else format_percent(share / 100, "#,##0.#%")


def euros(amount: int) -> str:
    """Whole euros, as the signals give them: "€ 1.234" in Dutch."""
    return format_currency(amount, "EUR", "¤\u00a0#,##0", currency_digits=False)


def period_name(period) -> str:
    """A council report's period in a sentence: "2026", or "kwartaal 3 van 2026"."""
    if period.quarter is None:
        return str(period.year)
    return gettext("kwartaal %(quarter)s van %(year)s", quarter=period.quarter, year=period.year)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        language_names=LANGUAGE_NAMES, deadline_state_of=deadline_state_of, format_datetime=format_datetime,
        all_rows=all_rows, group_rows=group_rows, source_rows=source_rows, period_name=period_name,
    )
    app.jinja_env.filters.update(
        week_pair=lambda week, attribute: (week.start.strftime("%d-%m"), getattr(week, attribute)),
        labelled=lambda pair, enum_class: (label(pair[0], enum_class), pair[1]),
        percent=percent,
        euros=euros,
        format_number=lambda value: format_decimal(value, "#,##0.#"),
        # Signals per 1 000 inhabitants: a small town's 0,04 must not round to 0.
        format_rate=lambda value: format_decimal(value, "#,##0.0#"),
        # The council report's charts (templates/staff/_council-report-body.html).
        partner_pair=lambda part: (part.partner, part.accepted),
        mark_pair=lambda pair: (pair[0], pair[1].mean_mark),
        month_pair=lambda month: (format_date(month.start, "MMM y"), month.figures.signals),
    )
