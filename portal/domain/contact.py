"""How and when a resident wants to be contacted."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class ContactChannel(LabelledEnum):
    PHONE = "phone", N_("Bellen")
    WHATSAPP = "whatsapp", N_("WhatsApp")
    SMS = "sms", N_("Sms")
    EMAIL = "email", N_("E-mail")
    LETTER = "letter", N_("Een brief")
    VISIT = "visit", N_("Ik kom zelf langs bij de gemeente")


# The channels that need a phone number.
PHONE_CHANNELS = frozenset({ContactChannel.PHONE, ContactChannel.WHATSAPP, ContactChannel.SMS})


class BestTime(LabelledEnum):
    MORNING = "morning", N_("’s Ochtends")
    AFTERNOON = "afternoon", N_("’s Middags")
    EVENING = "evening", N_("Aan het eind van de dag")
