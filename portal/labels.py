"""Translates the labels of portal.domain's closed lists: the one Flask-aware place that does.

`label(member)` at request time, `lazy_label(member)` at import time, `choices(Enum)` for a WTForms field, and the
`label` Jinja filter: `{{ case.status | label(AanmeldingStatus) }}` (the database gives the stored value back).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import gettext, lazy_gettext
from wtforms.fields.choices import SelectChoice

from portal.domain.aftercare import MoneyNow, NazorgEnd, NazorgState
from portal.domain.appointments import AppointmentEvent, AppointmentWhere, NoMessage
from portal.domain.casework import CloseReason, ContactKind, DeadlineState
from portal.domain.contact import BestTime, ContactChannel
from portal.domain.crisis import CrisisKind
from portal.domain.draft_context import FilledIn
from portal.domain.early_warning import (
    Approach,
    Contactsoort,
    Dagdeel,
    Eindresultaat,
    SignaalpartnerType,
    Signaalstatus,
)
from portal.domain.groups import ResidentGroup
from portal.domain.handover import FieldGroup, OverdrachtState, ShareConsent
from portal.domain.labelled import LabelledEnum
from portal.domain.messages import MessageChannel, MessageKind, MessageState
from portal.domain.partners import PartnerKind
from portal.domain.referrals import ReferralChannel, ReferralReason
from portal.domain.routes import Route
from portal.domain.signup_channels import SignupChannel
from portal.domain.status import AanmeldingStatus
from portal.domain.survey import Agreement, HelpRoute, WaitingVerdict
from portal.domain.topics import AdviceTopic, Topic

# Every labelled list, by its class name, for templates.
ENUMS = (AanmeldingStatus, PartnerKind, CrisisKind, ResidentGroup, ContactChannel, BestTime, Topic, AdviceTopic,
         Route, ContactKind, CloseReason, DeadlineState, ReferralReason, ReferralChannel, FilledIn,
         SignupChannel, OverdrachtState,
         ShareConsent, FieldGroup, MessageKind, MessageChannel, MessageState, AppointmentEvent, AppointmentWhere,
         NoMessage, SignaalpartnerType, Signaalstatus, Eindresultaat, Contactsoort, Dagdeel, Approach,
         Agreement, WaitingVerdict, HelpRoute, NazorgState, NazorgEnd, MoneyNow)


def _member(value, enum_class: type[LabelledEnum] | None) -> LabelledEnum | None:
    if isinstance(value, LabelledEnum):
        return value
    if enum_class is None:
        return None
    return enum_class._value2member_map_.get(value)


def label(value, enum_class: type[LabelledEnum] | None = None, *, choice: bool = False) -> str:
    """The member's label in the page's language. A value no list knows (older data) is shown as stored."""
    member = _member(value, enum_class)
    if member is None:
        return "" if value is None else str(value)
    return gettext(member.choice_msgid if choice else member.msgid)


def lazy_label(member: LabelledEnum, *, choice: bool = False):
    return lazy_gettext(member.choice_msgid if choice else member.msgid)


def choices(enum_class: Iterable[LabelledEnum], *, choice: bool = True) -> list[SelectChoice]:
    """Form choices in the list's order; `choice=False` gives the short (staff) names."""
    return [SelectChoice(member.value, lazy_label(member, choice=choice)) for member in enum_class]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals.update({enum_class.__name__: enum_class for enum_class in ENUMS})
