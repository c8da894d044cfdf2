"""The messages the portal sends (sms, e-mail, letters) and what became of each one.

A message is written to the outbox in the same transaction as what it belongs to (a draft saved, a case sent, a
contact attempt logged) and a worker (`flask send-messages`, portal/messaging/worker.py) hands it to Notify.
"""

from __future__ import annotations

from portal.domain.contact import ContactChannel
from portal.domain.labelled import N_, LabelledEnum


class MessageKind(LabelledEnum):
    RESUME_LINK = "resume_link", N_("Link om verder te gaan")
    CONFIRMATION = "confirmation", N_("Bevestiging van de aanmelding")
    TRIED_TO_CALL = "tried_to_call", N_("We probeerden u te bellen")
    APPOINTMENT = "appointment", N_("Afspraak")
    APPOINTMENT_REMINDER = "appointment_reminder", N_("Herinnering aan de afspraak")
    APPOINTMENT_CANCELLED = "appointment_cancelled", N_("Afspraak gaat niet door")
    # Early warning: the invitation to ask for help, by letter and sms (services/early_warning_outreach.py).
    OUTREACH = "outreach", N_("Uitnodiging na een vroegsignaal")
    # The client experience survey's single-use link, once, when a case closes (services/survey.py).
    SURVEY = "survey", N_("Vragenlijst na afloop")
    # After-care: a check-in link at each contact moment after a trajectory (services/aftercare_checkins.py).
    AFTERCARE_CHECKIN = "aftercare_checkin", N_("Nazorg: hoe gaat het nu?")


class MessageChannel(LabelledEnum):
    SMS = "sms", N_("Sms")
    EMAIL = "email", N_("E-mail")
    LETTER = "letter", N_("Brief")  # printed by the municipality (Notify sends no letters in the Netherlands)


# What the Notify worker sends; a letter waits in the outbox until a coordinator prints and posts it.
NOTIFY_CHANNELS = frozenset({MessageChannel.SMS, MessageChannel.EMAIL})

# The way a message goes for each way of contact a resident may choose that we write by (rules/confirmation.py).
MESSAGE_CHANNEL_OF: dict[ContactChannel, MessageChannel] = {
    ContactChannel.EMAIL: MessageChannel.EMAIL,
    ContactChannel.SMS: MessageChannel.SMS,
    ContactChannel.LETTER: MessageChannel.LETTER,
}


class MessageState(LabelledEnum):
    QUEUED = "queued", N_("Wacht op verzenden")
    SENT = "sent", N_("Verstuurd")  # Notify took it; no receipt yet
    DELIVERED = "delivered", N_("Afgeleverd")
    # Notify's receipts (the callback's `status`):
    PERMANENT_FAILURE = "permanent_failure", N_("Niet aangekomen: het nummer of adres klopt misschien niet")
    TEMPORARY_FAILURE = "temporary_failure", N_("Niet aangekomen: de telefoon of mailbox was niet bereikbaar")
    TECHNICAL_FAILURE = "technical_failure", N_("Niet aangekomen: een storing bij de verzender")
    # Ours, before any receipt:
    REJECTED = "rejected", N_("Niet verstuurd: het nummer of adres klopt misschien niet")  # Notify said 400/403
    GAVE_UP = "gave_up", N_("Niet verstuurd: de verzender was te lang onbereikbaar")
    # Withdrawn before it was sent (a reminder of an appointment that was cancelled or moved): the worker claims only
    # queued rows, so it never goes. Not final in the sense below: it says nothing about the number or address.
    CANCELLED = "cancelled", N_("Ingetrokken: niet verstuurd")


# Notify's callback statuses, as they arrive (`permanent-failure`), and the state each one records.
RECEIPT_STATES: dict[str, MessageState] = {
    "delivered": MessageState.DELIVERED,
    "permanent-failure": MessageState.PERMANENT_FAILURE,
    "temporary-failure": MessageState.TEMPORARY_FAILURE,
    "technical-failure": MessageState.TECHNICAL_FAILURE,
}

# After these nothing more is tried; a permanent failure or a refusal says the number or address may be wrong.
FINAL_STATES = frozenset(RECEIPT_STATES.values()) | {MessageState.REJECTED, MessageState.GAVE_UP}
WRONG_ADDRESS_STATES = frozenset({MessageState.PERMANENT_FAILURE, MessageState.REJECTED})
NOT_ARRIVED_STATES = FINAL_STATES - {MessageState.DELIVERED}
