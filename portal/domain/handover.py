"""A warm handover (overdracht) to a partner organisation: its states, the resident's consent to share, and the groups
of fields that consent opens to the partner."""

from __future__ import annotations

from portal.domain.labelled import N_, LabelledEnum


class OverdrachtState(LabelledEnum):
    # Lower case: the labels read inside a sentence ("Overdracht aan Kwadraad: geaccepteerd").
    HANDED_OVER = "handed_over", N_("overgedragen, wacht op de partner")
    ACCEPTED = "accepted", N_("geaccepteerd")
    RETURNED = "returned", N_("teruggestuurd")


class ShareConsent(LabelledEnum):
    """What the resident said to: may we pass your details on to the organisation that will help you?"""

    ALL = "all", N_("Alles delen"), N_("Ja, geef alles door wat ik heb ingevuld")
    CONTACT = "contact", N_("Alleen naam en contactgegevens"), N_("Alleen mijn naam en hoe ze mij kunnen bereiken")
    ASK_FIRST = "ask_first", N_("Eerst vragen"), N_("Nee, vraag het mij eerst")


class FieldGroup(LabelledEnum):
    """What a partner sees of a case besides its reference and the resident's first name."""

    CONTACT = "contact", N_("Contactgegevens")
    SITUATION = "situation", N_("Wat speelt er, en in eigen woorden")
    MONEY_CHECK = "money_check", N_("Uitslag geldcheck")
