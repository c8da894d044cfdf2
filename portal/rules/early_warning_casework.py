"""The staff side of an early-warning case (Vroegsignaalzaak): what counts as late, what closing needs, and what a
sign-up made from "help accepted" takes over from the signals. Framework-free."""

from __future__ import annotations

from datetime import date

from portal.domain.contact import ContactChannel
from portal.domain.crisis import CrisisKind
from portal.domain.early_warning import HELP_ACCEPTED, Eindresultaat, SignaalpartnerType, Signaalstatus
from portal.domain.topics import Topic

# A contact attempt is logged for a day that passed; one longer ago than this is a typo (a wrong year).
ATTEMPT_MAX_DAYS_BACK = 365

_TOPIC_OF = {
    SignaalpartnerType.HUUR: Topic.RENT, SignaalpartnerType.HYPOTHEEK: Topic.RENT,
    SignaalpartnerType.ENERGIE: Topic.ENERGY, SignaalpartnerType.WATER: Topic.ENERGY,
    SignaalpartnerType.ZORG: Topic.HEALTH_INSURANCE, SignaalpartnerType.CAK_ZORGVERZEKERINGEN: Topic.HEALTH_INSURANCE,
    SignaalpartnerType.BELASTINGDIENST: Topic.TAXES, SignaalpartnerType.DIENST_TOESLAGEN: Topic.TAXES,
    SignaalpartnerType.DUO: Topic.LOANS,
}
_CRISIS_OF = {
    SignaalpartnerType.HUUR: CrisisKind.EVICTION, SignaalpartnerType.HYPOTHEEK: CrisisKind.EVICTION,
    SignaalpartnerType.ENERGIE: CrisisKind.CUTOFF, SignaalpartnerType.WATER: CrisisKind.CUTOFF,
    SignaalpartnerType.ZORG: CrisisKind.HEALTH_INSURANCE,
    SignaalpartnerType.CAK_ZORGVERZEKERINGEN: CrisisKind.HEALTH_INSURANCE,
}


def is_overdue(*, due_on: date, picked_up_on: date | None, today: date) -> bool:
    """"Te laat": nobody reached the household yet and the day of first contact has passed."""
    return picked_up_on is None and due_on < today


def topics_for(partner_types: list[str]) -> list[str]:
    """The sign-up's topics from who reported the arrears, in the order of Topic, each once."""
    found = {_TOPIC_OF.get(SignaalpartnerType._value2member_map_.get(kind), Topic.OTHER) for kind in partner_types}
    return [topic.value for topic in Topic if topic in found]


def crisis_kinds_for(crisis_partner_types: list[str]) -> list[str]:
    """The sign-up's urgent matters from the partner types of the crisis signals."""
    found = {_CRISIS_OF.get(SignaalpartnerType._value2member_map_.get(kind)) for kind in crisis_partner_types}
    return [kind.value for kind in CrisisKind if kind in found]


def channels_for(*, phone: str | None, email: str | None, address: str | None) -> list[str]:
    """The ways to reach the resident that the signals give (the coordinator checks them in the first call)."""
    known = {ContactChannel.PHONE: phone, ContactChannel.EMAIL: email, ContactChannel.LETTER: address}
    return [channel.value for channel, value in known.items() if value]


def attempt_date_problem(day: date | None, *, today: date) -> str | None:
    """Why a contact attempt's date cannot be right, as a code; None when it can."""
    if day is None:
        return "date_bad"
    if day > today:
        return "date_future"
    if (today - day).days > ATTEMPT_MAX_DAYS_BACK:
        return "date_old"
    return None


def closing_problem(result: str, *, picked_up_on: date | None) -> str | None:
    """Help can only have been accepted by someone we spoke to: a reached contact attempt comes first."""
    if result in {member.value for member in HELP_ACCEPTED} and picked_up_on is None:
        return "help_without_contact"
    return None


def signal_status_on_close(result: str) -> Signaalstatus | None:
    """For signals nobody picked up yet: the end results that DDAS also knows as a signal status (not picked up for a
    reason, already known, moved away, deceased) carry over to them; other results leave the signal as it is."""
    if result not in Eindresultaat._value2member_map_:
        return None
    return Signaalstatus._value2member_map_.get(result)
