"""Appointments with a resident (afspraken) and the staff's "we tried to call you" sms: the closed lists their pages
and timeline name."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class AppointmentEvent(LabelledEnum):
    """CaseEvent.kind "appointment": data["state"] says which step."""

    PLANNED = "planned", N_("afspraak gepland")
    MOVED = "moved", N_("afspraak verplaatst")
    CANCELLED = "cancelled", N_("afspraak afgezegd")


class AppointmentWhere(LabelledEnum):
    PLACE = "place", N_("Op een plek")
    PHONE = "phone", N_("Telefonisch")


class NoMessage(LabelledEnum):
    """Why a message to the resident is not sent (the page says so instead of offering a button that does nothing)."""

    NOT_OFFERED = "not_offered", N_("Deze omgeving verstuurt geen berichten.")
    NO_SMS_CHANNEL = "no_sms_channel", N_("Geen sms: deze persoon koos niet voor sms.")
    NO_PHONE = "no_phone", N_("Geen sms: deze persoon gaf geen telefoonnummer.")
    NO_ROUTE = "no_route", N_("Geen bericht: deze persoon koos niet voor e-mail of sms (of gaf het adres niet).")
    ALREADY_TODAY = "already_today", N_("Vandaag al gestuurd. Eén sms per zaak per dag: nog eens drukken stuurt niets.")
