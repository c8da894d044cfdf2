"""Grouping and triage of early-warning signals: which household, taken up or not, which approach, when due.

Framework-free; services/early_warning_import.py applies it while storing. The rules, each a decision:

- Household key: the BSN when the signal has one, else postcode + huisnummer + toevoeging, normalised ("2651AB",
  "12", "A"), so "2651 ab 12-a" and "2651AB 12 A" are one household. Prefixed with its kind, so a BSN can never
  equal an address. It is stored only as a keyed digest (blind index kind "household").
  A signal with a BSN and one with only the address of the same person do not meet: we cannot tell without the BRP.
- Taken up: the partner type is one the municipality takes up, and the amount is at least its threshold.
  A signal not taken up is stored with status "Niet opgepakt: andere reden" and makes no case work.
- Crisis: the reporter's crisis flag; an energy company's end-of-supply notice is a crisis only when the
  municipality's setting says so (SZW: not by itself a threatening situation), whatever its crisis flag says.
- Approach: any crisis -> CRISIS; more than one partner type, or rising rent arrears (a later rent signal with a
  higher amount than an earlier one) -> CALL_VISIT; else LETTER_SMS. A case's approach only goes up when signals are
  added, never down (a call already planned is not replaced by a letter).
- Due: a crisis within the municipality's crisis promise, at most LEGAL_CRISIS_WORKING_DAYS working days after the
  day it became a crisis; other cases the municipality's first_contact_days (calendar days, moved back to a working
  day). A re-triage never moves a due date later.
- Matching period: a case's matching period runs matching_days from its first signal. A signal for a household with an
  open case joins it (whenever it came: the household is being worked on). Without an open case, a signal within the
  matching period of the household's newest case closed with a real result is a repeat ("Niet opgepakt: herhaalde
  melding") attached to that case; otherwise it starts a new case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.early_warning import Approach, SignaalpartnerType
from portal.rules.deadlines import LEGAL_CRISIS_WORKING_DAYS, LEGAL_DAYS
from portal.rules.early_warning_settings import EarlyWarningSettings
from portal.rules.working_days import last_working_day_on_or_before, working_days_after

HOUSEHOLD_KIND = "household"  # the blind index kind of a household key

_RANK = {Approach.LETTER_SMS: 0, Approach.CALL_VISIT: 1, Approach.CRISIS: 2}


def household_key(*, bsn: str | None, postcode: str | None, huisnummer: str | None, toevoeging: str | None) -> str:
    """The term the household digest is made of: "bsn:123456782" or "adres:2651AB|12|A"."""
    if bsn:
        return f"bsn:{bsn}"
    if not (postcode and huisnummer):
        raise ValueError("a household needs a BSN, or a postcode and house number")
    code = re.sub(r"\s", "", postcode).upper()
    number = str(int(huisnummer.strip()))
    extra = re.sub(r"[\s-]", "", toevoeging or "").upper()
    return f"adres:{code}|{number}|{extra}"


@dataclass(frozen=True)
class SignalFacts:
    """What triage reads of one signal."""

    partner_type: str
    amount_euros: int
    signalled_on: date
    crisis: bool  # the reporter's flag
    end_of_supply: bool = False


def is_crisis(signal: SignalFacts, settings: EarlyWarningSettings) -> bool:
    if signal.end_of_supply and signal.partner_type == SignaalpartnerType.ENERGIE:
        return settings.energy_end_of_supply_is_crisis
    return signal.crisis


def is_taken_up(signal: SignalFacts, settings: EarlyWarningSettings) -> bool:
    return signal.partner_type in settings.partner_types and signal.amount_euros >= settings.threshold_euros


def rising_rent_arrears(signals: Iterable[SignalFacts]) -> bool:
    """A rent signal with a higher amount than a rent signal of an earlier day."""
    rent = [s for s in signals if s.partner_type == SignaalpartnerType.HUUR]
    return any(later.signalled_on > earlier.signalled_on and later.amount_euros > earlier.amount_euros
               for earlier in rent for later in rent)


def approach_for(signals: list[SignalFacts], settings: EarlyWarningSettings) -> Approach:
    """The approach a case's taken-up signals ask for."""
    if any(is_crisis(signal, settings) for signal in signals):
        return Approach.CRISIS
    if len({signal.partner_type for signal in signals}) > 1 or rising_rent_arrears(signals):
        return Approach.CALL_VISIT
    return Approach.LETTER_SMS


def higher(current: Approach | str, proposed: Approach) -> Approach:
    """Upward only."""
    current = Approach(current)
    return proposed if _RANK[proposed] > _RANK[current] else current


def due_on(approach: Approach, day: date, *, first_contact_days: int, crisis_working_days: int) -> date:
    """When the first contact is due for a case triaged on `day`."""
    if approach == Approach.CRISIS:
        return working_days_after(day, min(crisis_working_days, LEGAL_CRISIS_WORKING_DAYS))
    return last_working_day_on_or_before(day + timedelta(days=min(first_contact_days, LEGAL_DAYS)))


def matching_end(first_signal_on: date, settings: EarlyWarningSettings) -> date:
    return first_signal_on + timedelta(days=settings.matching_days)
