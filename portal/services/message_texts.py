"""Texts of the messages staff send a resident from the case page, written in the resident's language
(Aanmelding.language, with flask_babel.force_locale): "we tried to call you", and an appointment planned, moved,
reminded of or cancelled.

When the resident said we may not say we are the municipality (the phone or mailbox may be shared), a text names
neither the municipality nor what the help is about, as the discreet confirmation does
(portal/resident/signup_messages.py); it keeps the number to call back, which alone says nothing.
Sentences are whole translated units; only whole sentences are put side by side.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from portal.domain.survey import INVITATION_DAYS
from portal.rules.tried_to_call import Opening


class Purpose(enum.StrEnum):
    PLANNED = "planned"
    MOVED = "moved"
    REMINDER = "reminder"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware UTC
    by_phone: bool
    place: str | None


def language_of(aanmelding) -> str:
    """The language the resident chose to talk in; Dutch for "another language" (no catalogue of ours has it)."""
    return aanmelding.language if aanmelding.language in current_app.config["SUPPORTED_LOCALES"] else "nl"


def _day(moment) -> str:
    return format_date(moment, "EEEE d MMMM")


def _time(moment: datetime) -> str:
    return format_datetime(moment, "HH:mm")  # in BABEL_DEFAULT_TIMEZONE, Europe/Amsterdam


def tried_to_call(aanmelding, opening: Opening | None) -> str:
    municipality = aanmelding.municipality
    with force_locale(language_of(aanmelding)):
        sentences = [_("Gemeente %(name)s probeerde u te bellen over uw aanmelding.", name=municipality.name)
                     if aanmelding.may_say_municipality else _("Wij probeerden u te bellen."),
                     _("Bel ons terug op %(phone)s.", phone=municipality.phone)]
        if opening is not None:
            sentences.append(_("Dat kan op %(day)s van %(opens)s tot %(closes)s uur.", day=_day(opening.day),
                               opens=opening.opens.strftime("%H:%M"), closes=opening.closes.strftime("%H:%M")))
        return " ".join(sentences)


def appointment(aanmelding, slot: Slot, purpose: Purpose) -> tuple[str, str]:
    """(subject, body) of one appointment message."""
    municipality, named = aanmelding.municipality, aanmelding.may_say_municipality
    with force_locale(language_of(aanmelding)):
        day, at = _day(slot.starts_at), _time(slot.starts_at)
        sentences = [_("Bericht van gemeente %(name)s.", name=municipality.name)] if named else []
        if purpose == Purpose.CANCELLED:
            sentences += [_("Uw afspraak op %(day)s om %(time)s uur gaat niet door.", day=day, time=at),
                          _("Bel %(phone)s voor een nieuwe afspraak.", phone=municipality.phone)]
            return _("Uw afspraak gaat niet door"), " ".join(sentences)
        if purpose == Purpose.MOVED:
            sentences.append(_("Uw afspraak is verplaatst."))
        elif purpose == Purpose.REMINDER:
            sentences.append(_("Een herinnering aan uw afspraak."))
        if slot.by_phone:
            sentences.append(_("Wij bellen u op %(day)s om %(time)s uur.", day=day, time=at))
        else:
            sentences.append(_("U hebt een afspraak op %(day)s om %(time)s uur, op dit adres: %(place)s.",
                               day=day, time=at, place=slot.place))
        sentences.append(_("Kunt u niet? Bel %(phone)s.", phone=municipality.phone))
        if purpose == Purpose.REMINDER:
            subject = _("Herinnering: uw afspraak")
        else:
            subject = _("Uw afspraak met gemeente %(name)s", name=municipality.name) if named else _("Uw afspraak")
        return subject, " ".join(sentences)


def survey_invitation(aanmelding, link: str) -> tuple[str, str]:
    """(subject, body) of the survey's single-use link, sent once when the case closes. Without the yes to say we
    are the municipality, it says neither who asks nor what the help was about."""
    municipality, named = aanmelding.municipality, aanmelding.may_say_municipality
    with force_locale(language_of(aanmelding)):
        sentences = [_("Gemeente %(name)s heeft u geholpen met geldzaken. Hoe vond u dat?", name=municipality.name)
                     if named else _("U had contact met ons. Hoe vond u dat?"),
                     _("Wilt u 6 korte vragen beantwoorden? Het duurt 2 minuten en het is anoniem."),
                     _("Deze link werkt één keer, %(days)s dagen lang: %(link)s", days=INVITATION_DAYS, link=link)]
        subject = (_("Hoe vond u de hulp van gemeente %(name)s?", name=municipality.name) if named
                   else _("Een korte vragenlijst"))
        return subject, " ".join(sentences)
