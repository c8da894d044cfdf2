"""Translatable names of case states and staff actions, for the workspace."""

from flask_babel import lazy_gettext as _l

from portal.models import AanmeldingStatus

STATUS_LABELS = {
    AanmeldingStatus.NEW.value: _l("Nieuw"),
    AanmeldingStatus.CONTACTED.value: _l("Contact gehad"),
    AanmeldingStatus.INTAKE_PLANNED.value: _l("Intake gepland"),
    AanmeldingStatus.HANDED_OVER.value: _l("Overgedragen"),
    AanmeldingStatus.CLOSED.value: _l("Afgesloten"),
}

CLOSE_REASON_LABELS = {
    "helped": _l("Geholpen"),
    "advice_only": _l("Alleen advies"),
    "handed_over": _l("Overgedragen aan partner"),
    "no_contact": _l("Geen contact na meerdere pogingen"),
    "withdrawn": _l("Ingetrokken door inwoner"),
    "outside_municipality": _l("Woont buiten de gemeente"),
}

CONTACT_KIND_LABELS = {
    "call": _l("Gebeld"),
    "voicemail": _l("Voicemail ingesproken"),
    "sms": _l("Sms gestuurd"),
    "whatsapp": _l("WhatsApp gestuurd"),
    "email": _l("E-mail gestuurd"),
    "letter": _l("Brief gestuurd"),
    "visit": _l("Huisbezoek"),
}

GROUP_LABELS = {
    "youth": _l("Jongere"),
    "entrepreneur": _l("Ondernemer"),
    "status_holder": _l("Statushouder"),
    "none": _l("Geen groep"),
}

DEADLINE_LABELS = {
    "within": _l("Op tijd"),
    "due_today": _l("Vandaag"),
    "past_promise": _l("Later dan beloofd"),
    "past_legal": _l("Wettelijke termijn voorbij"),
    "met": _l("Op tijd gebeld"),
    "late": _l("Te laat gebeld"),
}

STATUS_RULE_MESSAGES = {
    "not_allowed": _l("Deze stap kan niet vanuit de huidige status."),
    "partner_needed": _l("Kies aan welke partner u overdraagt."),
    "reason_needed": _l("Kies een reden om af te sluiten."),
    "keep_trying": _l("Probeer eerst minstens 3 keer contact te krijgen. Mensen met stress missen vaak een afspraak."),
}
