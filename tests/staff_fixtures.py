from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.domain.draft_context import DraftContext
from portal.models import StaffMember, StaffRole, StaffSession
from portal.rules import totp
from portal.services import signup
from portal.services.staff import create_or_update_staff
from tests.client_request import ClientRequest

PASSWORD = "correct horse battery"
ACCOUNTS = {
    "regisseur": ("regisseur@lansingerland.test", StaffRole.KETENREGISSEUR, "lansingerland"),
    "collega": ("collega@lansingerland.test", StaffRole.KETENREGISSEUR, "lansingerland"),
    "beheerder": ("beheer@lansingerland.test", StaffRole.ADMINISTRATOR, "lansingerland"),
    "partner": ("partner@lansingerland.test", StaffRole.CASEWORKER, "lansingerland"),
    "groningen": ("regisseur@groningen.test", StaffRole.KETENREGISSEUR, "groningen"),
    "partner_b": ("partner-b@lansingerland.test", StaffRole.CASEWORKER, "lansingerland"),
}
# The partner organisation a caseworker account belongs to (demo/municipalities.toml).
PARTNER_OF = {"partner": "Kwadraad", "partner_b": "PLANgroep"}


@pytest.fixture
def staff(municipalities, db_session):
    """Every account as it is after its first login: with an authenticator app set up."""
    members = {}
    for key, (email, role, slug) in ACCOUNTS.items():
        member = create_or_update_staff(db_session, email=email, name=key.title(), role=role,
                                        municipality_slug=slug, password=PASSWORD, partner_name=PARTNER_OF.get(key))
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


def log_in(client, who: str, password: str = PASSWORD, *, code: str | None = None, at: str | None = None):
    """Both steps, like a person: password, then the code. `at`: the login page's address as a redirect gave it (with
    its `next`). Returns the last response."""
    request = ClientRequest(client)
    data = {"email": ACCOUNTS[who][0], "password": password}
    if at is None:
        response = request.open("POST", "staff.log_in", _data=data)
    else:
        response = client.post(at, data={"csrf_token": request.csrf_token(), **data})
    if response.status_code != 302 or response.headers["Location"] != request.url("staff.enter_code"):
        return response
    return request.open("POST", "staff.enter_code",
                        _data={"code": current_code(client, who) if code is None else code})


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
    return ClientRequest(client).open("POST", "staff.log_out")


# What a case gets later, from casework, not from the sign-up: a test may set these directly.
LATER_FIELDS = {"status", "assigned_to_id", "closed_reason", "closed_at", "first_contact_at"}


def signup_answers(municipality: str, *, crisis: bool, children: str, group: str, call_name: str,
                   phone: str | None, channels: list[str] | None) -> dict:
    """The sign-up steps' stored answers (as portal/resident/signup_views.py saves them) for a plain case."""
    return {
        "situatie": {"topics": ["rent"], "own_words": "", "group": group},
        "dringend": {"urgent": ["eviction"] if crisis else ["none"], "eviction_date": ""},
        "kinderen": {"children": children},
        "contact": {"call_name": call_name, "channels": channels or (["phone"] if phone else ["letter"]),
                    "phone": phone or "", "email": "", "postal_address": "" if phone else "Dorpsstraat 1"},
        "bereikbaarheid": {"best_times": ["morning"], "voicemail": "no", "say_municipality": "yes",
                           "language": "nl", "interpreter": "no"},
        "postcode": {"municipality": municipality},
        "toestemming": {"consent": True},
    }


def build_case(session, municipality="lansingerland", *, submitted_days_ago: float = 0,
               submitted_at: datetime | None = None, crisis=False, children="no", group="none", call_name="Inwoner",
               phone=None, channels=None, source=None, source_reason=None, assisted_by: int | None = None,
               answers: dict | None = None, **later):
    """A case made the way a resident's sign-up makes it: a draft, its steps, then services/signup.submit, so the
    promise and the legal deadline come from the rules (portal/rules/deadlines.py) and the municipality's own promise.

    Overrides are the resident's answers (the common ones as arguments, any other as `answers={step: {field: value}}`)
    and the moment of signing up (`submitted_days_ago`, `submitted_at`), never
    the dates the rules work out; what casework does afterwards (LATER_FIELDS) is set on the case directly.
    """
    unknown = set(later) - LATER_FIELDS
    if unknown:
        raise TypeError(f"make_case: {sorted(unknown)} come from the rules or the answers; give the inputs")
    draft = signup.start_draft(session, DraftContext.begin(source=source, source_reason=source_reason,
                                                           assisted_by=assisted_by))
    steps = signup_answers(municipality, crisis=crisis, children=children, group=group, call_name=call_name,
                           phone=phone, channels=channels)
    for step, data in steps.items():
        signup.save_step(session, draft.id, step, {**data, **(answers or {}).get(step, {})}, complete=True)
    moment = submitted_at or utcnow() - timedelta(days=submitted_days_ago)
    aanmelding = signup.submit(session, draft.id, now=moment)
    if later:
        for name, value in later.items():
            setattr(aanmelding, name, value)
        session.commit()
    return aanmelding


@pytest.fixture
def make_case(db_session, municipalities):
    """build_case on the test's database; the municipalities are loaded first."""
    return lambda *args, **kwargs: build_case(db_session, *args, **kwargs)



def partner_named(session, name: str, municipality: str = "lansingerland"):
    from portal.models import Municipality, Partner

    return session.scalars(select(Partner).join(Municipality).where(Partner.name == name,
                                                                    Municipality.slug == municipality)).one()


def handed_over(session, coordinator, case, partner: str, *, why: str = "Hulp bij de administratie.", today=None):
    """A warm handover as the coordinator's form makes it (services/handovers.py), of a case with first contact."""
    from portal.services import handovers

    partner_id = partner_named(session, partner, coordinator.municipality.slug).id
    return handovers.hand_over(session, coordinator, case.id, partner_id=partner_id, why=why, today=today)
