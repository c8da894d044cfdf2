"""Texts of the e-mails and text messages around a sign-up, in the resident's language."""

from __future__ import annotations

from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from portal.domain.messages import MessageChannel
from portal.services.outbox import ComposedMessage, route_to


def resume_message(link: str, expires_at) -> tuple[str, str]:
    subject = _("Uw link om verder te gaan met uw aanmelding")
    body = _("Met deze link gaat u verder met uw aanmelding: %(link)s\nDe link werkt tot %(date)s.",
             link=link, date=format_date(expires_at, "d MMMM y"))
    return subject, body


def confirmation_message(aanmelding) -> tuple[str, str]:
    municipality = aanmelding.municipality
    if not aanmelding.may_say_municipality:
        # The phone or mailbox may be shared: say nothing about debt help or the municipality.
        # The promised date still goes in: it says nothing about what the request is for.
        return _("Uw aanvraag"), " ".join((
            _("Wij hebben uw aanvraag ontvangen. Uw nummer is %(reference)s.", reference=aanmelding.reference),
            _("Wij nemen uiterlijk %(date)s contact met u op.",
              date=format_date(aanmelding.first_contact_due, "EEEE d MMMM"))))
    subject = _("Uw aanmelding bij gemeente %(name)s", name=municipality.name)
    body = _("Wij hebben uw aanmelding ontvangen. Uw nummer is %(reference)s. "
             "Wij nemen uiterlijk %(date)s contact met u op. Vragen? Bel %(phone)s.",
             reference=aanmelding.reference, date=format_date(aanmelding.first_contact_due, "EEEE d MMMM"),
             phone=municipality.phone)
    return subject, body


def composed_resume_link(address: str, link: str, expires_at) -> ComposedMessage:
    """`address` is what the resident typed: an e-mail address, or a phone number already normalised."""
    subject, body = resume_message(link, expires_at)
    channel = MessageChannel.EMAIL if "@" in address else MessageChannel.SMS
    return ComposedMessage(channel=channel, to=address, subject=subject, body=body, language=str(get_locale()))


def composed_confirmation(aanmelding) -> ComposedMessage | None:
    """In the language the resident just read the form in; None when they chose no e-mail, sms or letter, or this
    deployment sends no sms and e-mail (NOTIFIER=none). A letter always goes: it waits in the outbox until the
    municipality prints and posts it (staff "Brieven")."""
    route = route_to(aanmelding)
    if route is None:
        return None
    channel, address = route
    subject, body = confirmation_message(aanmelding)
    return ComposedMessage(channel=channel, to=address, subject=subject, body=body, language=str(get_locale()))
