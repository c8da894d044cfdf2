"""The after-care check-in message, in the resident's language (Aanmelding.language, flask_babel.force_locale).

It names no debts, no bills and no money: the phone, mailbox or letterbox may be shared, and the case is closed.
When the resident said we may not say we are the municipality, it does not name the municipality either, as the
discreet confirmation does (portal/resident/signup_messages.py); the number to call back alone says nothing.
Sentences are whole translated units, one a line (a letter prints each line as a paragraph).
"""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from portal.domain.messages import MessageChannel
from portal.services.message_texts import language_of
from portal.services.outbox import ComposedMessage


def checkin_text(aanmelding, link: str, last_day: date) -> tuple[str, str]:
    """(subject, body)."""
    municipality = aanmelding.municipality
    with force_locale(language_of(aanmelding)):
        sentences = [_("Bericht van gemeente %(name)s.", name=municipality.name)] if aanmelding.may_say_municipality \
            else []
        sentences += [
            _("Wij willen graag weten hoe het nu met u gaat."),
            _("Wilt u 3 korte vragen beantwoorden? Dat kan via deze link: %(link)s", link=link),
            _("De link werkt één keer, tot en met %(date)s.", date=format_date(last_day, "d MMMM y")),
            _("Liever praten? Bel %(phone)s.", phone=municipality.phone),
        ]
        return _("Hoe gaat het nu met u?"), "\n".join(sentences)


def composed_checkin(aanmelding, route: tuple[MessageChannel, str], link: str, last_day: date) -> ComposedMessage:
    channel, address = route
    subject, body = checkin_text(aanmelding, link, last_day)
    return ComposedMessage(channel=channel, to=address, subject=subject, body=body, language=language_of(aanmelding))
