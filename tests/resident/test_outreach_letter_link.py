"""An early-warning invitation's link (/b/<token>): the visit is counted as source "vroegsignalering" (a day count,
nothing that leads back to the household) and a sign-up that follows carries that source."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.early_warning import EARLY_WARNING_SOURCE
from portal.models import OutboxMessage, VisitCount
from portal.services import early_warning_outreach
from portal.services.letters import link_token
from tests.conftest import page
from tests.early_warning_report_fixtures import make_zaak
from tests.letter_fixtures import queue_letter


@pytest.fixture
def outreach_letter(app, db_session, staff, municipalities):
    make_zaak(db_session, municipalities["lansingerland"])
    with app.app_context():
        early_warning_outreach.invite(db_session, staff["regisseur"])
    return db_session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "letter")).one()


def _visits(db_session) -> list[tuple]:
    db_session.expire_all()
    return [(v.municipality, v.source, v.count) for v in db_session.scalars(select(VisitCount))]


def test_an_invitations_link_counts_the_visit_and_makes_it_the_source(app, client, db_session, outreach_letter):
    token = link_token(app.config["SECRET_KEY"], outreach_letter.reference)
    assert client.get(f"/b/{token}").headers["Location"] == "/brief"
    client.get(f"/b/{token}")
    assert _visits(db_session) == [("lansingerland", EARLY_WARNING_SOURCE, 2)]
    with client.session_transaction() as session:
        assert session["source"] == EARLY_WARNING_SOURCE
    soup = page(client.get("/brief"))
    assert soup.h1.get_text(strip=True) == "U kreeg een brief van de gemeente"
    assert "14 010" in soup.select_one("main").get_text()


def test_the_count_holds_no_time_address_or_letter(db_session, client, app, outreach_letter):
    client.get(f"/b/{link_token(app.config['SECRET_KEY'], outreach_letter.reference)}")
    assert {c.name for c in VisitCount.__table__.columns} == {"day", "municipality", "source", "count"}


def test_a_sign_up_letters_link_counts_nothing(app, client, db_session, make_case):
    letter = queue_letter(db_session, make_case())
    client.get(f"/b/{link_token(app.config['SECRET_KEY'], letter.reference)}")
    assert _visits(db_session) == []
    with client.session_transaction() as session:
        assert "source" not in session
