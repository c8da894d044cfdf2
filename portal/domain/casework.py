"""What staff record on a case: contact attempts, why a case closed, and how its first-contact deadline stands."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class ContactKind(LabelledEnum):
    CALL = "call", N_("Gebeld")
    VOICEMAIL = "voicemail", N_("Voicemail ingesproken")
    SMS = "sms", N_("Sms gestuurd")
    WHATSAPP = "whatsapp", N_("WhatsApp gestuurd")
    EMAIL = "email", N_("E-mail gestuurd")
    LETTER = "letter", N_("Brief gestuurd")
    VISIT = "visit", N_("Huisbezoek")


class CloseReason(LabelledEnum):
    HELPED = "helped", N_("Geholpen")
    DEBT_SETTLEMENT = "debt_settlement", N_("Schuldregeling getroffen")
    ADVICE_ONLY = "advice_only", N_("Alleen advies")
    HANDED_OVER = "handed_over", N_("Overgedragen aan partner")
    NO_CONTACT = "no_contact", N_("Geen contact na meerdere pogingen")
    WITHDRAWN = "withdrawn", N_("Ingetrokken door inwoner")
    OUTSIDE_MUNICIPALITY = "outside_municipality", N_("Woont buiten de gemeente")


class DeadlineState(LabelledEnum):
    WITHIN = "within", N_("Op tijd")
    DUE_TODAY = "due_today", N_("Vandaag")
    PAST_PROMISE = "past_promise", N_("Later dan beloofd")
    PAST_LEGAL = "past_legal", N_("Wettelijke termijn voorbij")
    MET = "met", N_("Op tijd gebeld")
    LATE = "late", N_("Te laat gebeld")


# The CaseEvent kind of a text the resident added to their sign-up after sending it (services/signup.py).
RESIDENT_ADDITION = "resident_addition"
