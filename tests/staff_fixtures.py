from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.models import Aanmelding, StaffRole
from portal.rules.reference import new_reference
from portal.services.staff import create_or_update_staff
from tests.conftest import csrf_token, page

PASSWORD = "correct horse battery"
ACCOUNTS = {
    "regisseur": ("regisseur@lansingerland.test", StaffRole.KETENREGISSEUR, "lansingerland"),
    "collega": ("collega@lansingerland.test", StaffRole.KETENREGISSEUR, "lansingerland"),
    "beheerder": ("beheer@lansingerland.test", StaffRole.ADMINISTRATOR, "lansingerland"),
    "partner": ("partner@lansingerland.test", StaffRole.CASEWORKER, "lansingerland"),
    "groningen": ("regisseur@groningen.test", StaffRole.KETENREGISSEUR, "groningen"),
}


@pytest.fixture
def staff(municipalities, db_session):
    return {
        key: create_or_update_staff(db_session, email=email, name=key.title(), role=role, municipality_slug=slug,
                                    password=PASSWORD)
        for key, (email, role, slug) in ACCOUNTS.items()
    }


def log_in(client, who: str, password: str = PASSWORD):
    token = page(client.get("/werkplek/inloggen")).select_one("input[name=csrf_token]")["value"]
    return client.post("/werkplek/inloggen", data={"csrf_token": token, "email": ACCOUNTS[who][0],
                                                   "password": password})


@pytest.fixture
def make_case(db_session, municipalities):
    def make(municipality="lansingerland", *, due_in=10, crisis=False, children="no", group="none", **fields):
        today = utcnow().date()
        aanmelding = Aanmelding(
            reference=new_reference(), submission_key=new_reference() + str(id(fields)) + str(utcnow().timestamp()),
            municipality=municipalities[municipality], call_name=fields.pop("call_name", "Inwoner"),
            crisis=crisis, children=children, group=group, consent_version=1,
            first_contact_due=today + timedelta(days=due_in), legal_deadline=today + timedelta(days=28),
            submitted_at=fields.pop("submitted_at", utcnow()), **fields,
        )
        db_session.add(aanmelding)
        db_session.commit()
        return aanmelding

    return make


csrf = csrf_token
