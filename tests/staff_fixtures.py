from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import Aanmelding, StaffMember, StaffRole, StaffSession
from portal.rules import totp
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
    """Every account as it is after its first login: with an authenticator app set up."""
    members = {}
    for key, (email, role, slug) in ACCOUNTS.items():
        member = create_or_update_staff(db_session, email=email, name=key.title(), role=role,
                                        municipality_slug=slug, password=PASSWORD)
        member.totp_secret, member.totp_confirmed = totp.new_secret(), True
        members[key] = member
    db_session.commit()
    return members


def current_code(client, who: str) -> str:
    """What the account's app shows now. Forgets the last accepted code first, as if the next half minute came."""
    with client.application.extensions["db_sessionmaker"]() as session:
        member = session.scalars(select(StaffMember).where(StaffMember.email == ACCOUNTS[who][0])).one()
        member.totp_last_step = None
        session.commit()
        return totp.code_at(member.totp_secret, totp.time_step(utcnow()))


def log_in(client, who: str, password: str = PASSWORD, *, code: str | None = None, at: str = "/werkplek/inloggen"):
    """Both steps, like a person: password, then the code. `at`: the login page as a redirect gave it (with its
    `next`). Returns the last response."""
    token = page(client.get(at)).select_one("input[name=csrf_token]")["value"]
    response = client.post(at, data={"csrf_token": token, "email": ACCOUNTS[who][0], "password": password})
    if response.status_code != 302 or response.headers["Location"] != "/werkplek/inloggen/code":
        return response
    token = page(client.get("/werkplek/inloggen/code")).select_one("input[name=csrf_token]")["value"]
    return client.post("/werkplek/inloggen/code",
                       data={"csrf_token": token, "code": current_code(client, who) if code is None else code})


def age_sessions(db_session, *, created: timedelta | None = None, last_seen: timedelta | None = None) -> None:
    """Moves every stored staff session back in time, as if it began or was last used that long ago."""
    for record in db_session.scalars(select(StaffSession)):
        if created is not None:
            record.created_at = utcnow() - created
        if last_seen is not None:
            record.last_seen_at = utcnow() - last_seen
    db_session.commit()


def log_out(client):
    """The "Uitloggen" button on any staff page."""
    token = page(client.get("/werkplek/")).select_one("form.logout input[name=csrf_token]")["value"]
    return client.post("/werkplek/uitloggen", data={"csrf_token": token})


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
