"""Texts of the e-mails and text messages around a sign-up, in the resident's language."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _


def resume_message(link: str, expires_at) -> tuple[str, str]:
    subject = _("Uw link om verder te gaan met uw aanmelding")
    body = _("Met deze link gaat u verder met uw aanmelding: %(link)s\nDe link werkt tot %(date)s.",
             link=link, date=format_date(expires_at, "d MMMM y"))
    return subject, body


def confirmation_message(aanmelding) -> tuple[str, str]:
    municipality = aanmelding.municipality
    if not aanmelding.may_say_municipality:
        # The phone or mailbox may be shared: say nothing about debt help or the municipality.
        return _("Uw aanvraag"), _("Wij hebben uw aanvraag ontvangen. Uw nummer is %(reference)s.",
                                   reference=aanmelding.reference)
    subject = _("Uw aanmelding bij gemeente %(name)s", name=municipality.name)
    body = _("Wij hebben uw aanmelding ontvangen. Uw nummer is %(reference)s. "
             "Wij nemen uiterlijk %(date)s contact met u op. Vragen? Bel %(phone)s.",
             reference=aanmelding.reference, date=format_date(aanmelding.first_contact_due, "EEEE d MMMM"),
             phone=municipality.phone)
    return subject, body
