"""Closed lists whose members carry their own Dutch label, so a list and its names are written down once.

portal.domain knows no Babel: a label is a plain Dutch msgid, marked with N_ so `scripts/translations` puts it in
the catalogues; portal.labels translates it when a page is rendered.
"""

from __future__ import annotations

import enum


def N_(msgid: str) -> str:
    """Marks a text for extraction without translating it (the page that shows it translates)."""
    return msgid


class LabelledEnum(enum.StrEnum):
    """`MEMBER = "stored value", N_("label")[, N_("label in a resident's form")]`.

    The stored value is what the database, the questionnaires and URLs hold; it never changes with the wording.
    """

    msgid: str
    choice_msgid: str

    def __new__(cls, value: str, msgid: str, choice_msgid: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.msgid = msgid
        # A resident answers a question ("Ik ben tussen 18 en 27 jaar"); staff read a name ("Jongere").
        member.choice_msgid = choice_msgid or msgid
        return member
