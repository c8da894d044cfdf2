"""Labels and small helpers for staff templates, each taken from the one place that defines it."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from flask_babel import format_datetime

from portal.i18n import LANGUAGE_NAMES
from portal.services.cases import deadline_state_of
from portal.signup import forms as signup_forms
from portal.staff.labels import (
    CLOSE_REASON_LABELS,
    CONTACT_KIND_LABELS,
    DEADLINE_LABELS,
    GROUP_LABELS,
    STATUS_LABELS,
)


def _choices_of(unbound_field) -> dict:
    return {choice.value: choice.label for choice in unbound_field.kwargs["choices"]}


CHANNELS = _choices_of(signup_forms.ContactForm.channels)
TIMES = _choices_of(signup_forms.ReachForm.best_times)
TOPICS = _choices_of(signup_forms.SituationForm.topics)
CRISIS = _choices_of(signup_forms.UrgentForm.urgent)


def route_labels() -> dict:
    from flask_babel import lazy_gettext as _l

    return {"crisis": _l("Crisis"), "debt_help": _l("Schuldhulp gemeente"), "volunteer": _l("Vrijwilliger"),
            "anonymous_advice": _l("Anoniem advies"), "self_help": _l("Zelf aan de slag")}


def counter_rows(weeks, attribute: str, labels: dict) -> list[tuple[str, int]]:
    total = Counter()
    for week in weeks:
        total.update(getattr(week, attribute))
    return [(str(labels.get(key, key)), count) for key, count in total.most_common()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        status_labels=STATUS_LABELS, group_labels=GROUP_LABELS, deadline_labels=DEADLINE_LABELS,
        contact_kind_labels=CONTACT_KIND_LABELS, close_reason_labels=CLOSE_REASON_LABELS,
        language_names=LANGUAGE_NAMES, deadline_state_of=deadline_state_of, format_datetime=format_datetime,
        route_labels=route_labels(), counter_rows=counter_rows,
    )
    app.jinja_env.filters.update(
        channel_label=lambda v: CHANNELS.get(v, v), time_label=lambda v: TIMES.get(v, v),
        topic_label=lambda v: TOPICS.get(v, v), crisis_label=lambda v: CRISIS.get(v, v),
        week_pair=lambda week, attribute: (week.start.strftime("%d-%m"), getattr(week, attribute)),
        labelled=lambda pair, labels: (str(labels.get(pair[0], pair[0])), pair[1]),
    )
