"""The base form: every text a person sends is cleaned of control characters before anything sees it.

Control characters (NUL, bidi overrides) break PostgreSQL text columns and can disguise text for caseworkers.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def strip_control_characters(value):
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class PortalForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.insert(0, strip_control_characters)
            return unbound_field.bind(form=form, filters=filters, **options)
