"""Small helpers for staff templates; the names of closed lists come from portal.labels."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from flask_babel import format_datetime

from portal.i18n import LANGUAGE_NAMES
from portal.labels import label
from portal.services.cases import deadline_state_of


def counter_rows(weeks, attribute: str, enum_class=None) -> list[tuple[str, int]]:
    total = Counter()
    for week in weeks:
        total.update(getattr(week, attribute))
    return [(label(key, enum_class), count) for key, count in total.most_common()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        language_names=LANGUAGE_NAMES, deadline_state_of=deadline_state_of, format_datetime=format_datetime,
        counter_rows=counter_rows,
    )
    app.jinja_env.filters.update(
        week_pair=lambda week, attribute: (week.start.strftime("%d-%m"), getattr(week, attribute)),
        labelled=lambda pair, enum_class: (label(pair[0], enum_class), pair[1]),
    )
