"""Early-warning test data, inserted directly (the import that makes these rows in real life is another module's).

`make_household(session, ...)` stores one Vroegsignaalzaak with its Vroegsignaal rows, the household digest computed
as the import computes it: portal.blind_index.digest(municipality_id, "household", key).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal import blind_index
from portal.db import utcnow
from portal.domain.early_warning import Approach, SignaalpartnerType, Signaalstatus
from portal.models import Municipality, Vroegsignaal, Vroegsignaalzaak
from portal.rules.deadlines import local_date

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Signal:
    """One arrear as a test describes it; the person's fields default to the household's."""

    partner_type: str = SignaalpartnerType.HUUR.value
    amount: int = 450
    partner_name: str | None = "Woonzorg"
    days_ago: int = 3
    crisis: bool = False
    end_of_supply: bool = False
    phone: str | None = None
    email: str | None = None


def make_household(session, municipality: str = "lansingerland", *, name: str = "Jansen, Petra",
                   postcode: str = "2651 AB", huisnummer: str = "12", toevoeging: str | None = None,
                   street: str = "Dorpsstraat", city: str = "Berkel en Rodenrijs", phone: str | None = "0612345678",
                   email: str | None = None, signals: list[Signal] | None = None,
                   approach: str = Approach.CALL_VISIT.value, crisis: bool | None = None,
                   due_in_days: int = 5, due_on: date | None = None, today: date | None = None,
                   assigned_to_id: int | None = None, commit: bool = True) -> Vroegsignaalzaak:
    """One household's open case. `signals` default to one rent arrear; `crisis` defaults to any crisis signal."""
    today = today or local_date(utcnow())
    town = session.scalars(select(Municipality).where(Municipality.slug == municipality)).one()
    signals = signals or [Signal()]
    key = f"{postcode.replace(' ', '').upper()}|{huisnummer}|{toevoeging or ''}"
    key_id, digest = blind_index.digest(town.id, "household", key)
    dates = [today - timedelta(days=s.days_ago) for s in signals]
    zaak = Vroegsignaalzaak(
        municipality_id=town.id, household_digest=digest, household_key_id=key_id, approach=approach,
        crisis=any(s.crisis for s in signals) if crisis is None else crisis,
        due_on=due_on or today + timedelta(days=due_in_days), matched_on=max(dates), matching_start=min(dates),
        matching_end=max(dates), assigned_to_id=assigned_to_id)
    session.add(zaak)
    session.flush()
    for signal, signalled_on in zip(signals, dates, strict=True):
        session.add(Vroegsignaal(
            municipality_id=town.id, zaak_id=zaak.id, external_id=f"SIG-{next(_numbers):06d}",
            partner_type=signal.partner_type, partner_name=signal.partner_name, amount_euros=signal.amount,
            arose_on=signalled_on - timedelta(days=60), signalled_on=signalled_on, crisis=signal.crisis,
            end_of_supply=signal.end_of_supply, status=Signaalstatus.NOG_NIET_OPGEPAKT.value, name=name,
            street=street, postcode=postcode, huisnummer=huisnummer, toevoeging=toevoeging, city=city,
            phone=signal.phone or phone, email=signal.email or email))
    if commit:
        session.commit()
    else:
        session.flush()
    return zaak
