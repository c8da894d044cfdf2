"""Early-warning rows inserted directly (the import is another part's), with the household digest the import makes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from portal import blind_index
from portal.db import transaction
from portal.domain.early_warning import Approach, SignaalpartnerType, Signaalstatus
from portal.models import Contactpoging, Vroegsignaal, Vroegsignaalzaak

_numbers = itertools.count(1)


def make_zaak(session, municipality, *, approach=Approach.LETTER_SMS, signalled_on=date(2026, 11, 2),
              signals=None, result=None, closed_at=None, contacts=(), household=None, crisis=False,
              picked_up_on=None, imported_at=None):
    """One case of one household; `signals` are dicts of Vroegsignaal fields (defaults: a rent arrear at an
    address). `contacts`: (soort, bereikt, datum, dagdeel) tuples."""
    number = next(_numbers)
    signals = signals or [{}]
    key = household or f"2651AB{number}"
    key_id, digest = blind_index.digest(municipality.id, "household", key)
    with transaction(session):
        zaak = Vroegsignaalzaak(municipality_id=municipality.id, household_digest=digest, household_key_id=key_id,
                                approach=approach, crisis=crisis, due_on=signalled_on + timedelta(days=14),
                                matched_on=signalled_on, matching_start=signalled_on - timedelta(days=30),
                                matching_end=signalled_on, picked_up_on=picked_up_on, result=result,
                                closed_at=closed_at)
        session.add(zaak)
        session.flush()
        for i, fields in enumerate(signals):
            values = {"external_id": f"VS-{number}-{i}", "partner_type": SignaalpartnerType.HUUR,
                      "partner_name": "Woonzorg Lansingerland", "amount_euros": 412, "signalled_on": signalled_on,
                      "arose_on": signalled_on - timedelta(days=40), "status": Signaalstatus.NOG_NIET_OPGEPAKT,
                      "name": "J. de Vries", "street": "Dorpsstraat", "postcode": "2651 AB",
                      "huisnummer": str(number), "city": "Berkel en Rodenrijs", "phone": "06 12345678", **fields}
            if imported_at is not None:
                values["imported_at"] = imported_at
            session.add(Vroegsignaal(municipality_id=municipality.id, zaak_id=zaak.id, **values))
        for soort, bereikt, datum, dagdeel in contacts:
            session.add(Contactpoging(zaak_id=zaak.id, soort=soort, bereikt=bereikt, datum=datum, dagdeel=dagdeel))
    session.refresh(zaak)
    return zaak
