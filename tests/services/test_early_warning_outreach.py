"""Outreach invitations (services/early_warning_outreach.py): a letter and a discreet sms per household, once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.domain.early_warning import Approach, Contactsoort, Eindresultaat
from portal.domain.messages import MessageChannel, MessageKind
from portal.models import AuditEntry, Contactpoging, OutboxMessage
from portal.services import early_warning_outreach
from tests.early_warning_report_fixtures import make_zaak


@pytest.fixture(autouse=True)
def _app_context(app):
    """Texts are written with Babel and the sender's setting is read from the app, as in a request."""
    with app.app_context():
        yield


def _messages(db_session, zaak=None):
    db_session.expire_all()
    stmt = select(OutboxMessage).where(OutboxMessage.kind == MessageKind.OUTREACH).order_by(OutboxMessage.id)
    if zaak is not None:
        stmt = stmt.where(OutboxMessage.vroegsignaalzaak_id == zaak.id)
    return list(db_session.scalars(stmt))


def test_a_waiting_household_gets_a_letter_to_the_newest_address_and_a_discreet_sms(db_session, staff,
                                                                                     municipalities):
    lansingerland = municipalities["lansingerland"]
    zaak = make_zaak(db_session, lansingerland, signals=[
        {"street": "Oudeweg", "signalled_on": datetime(2026, 10, 1).date(), "phone": None},
        {"street": "Nieuwstraat", "toevoeging": "A", "phone": "06 23456789"}])
    done = early_warning_outreach.invite(db_session, staff["regisseur"])
    assert (done.households, done.letters, done.sms) == (1, 1, 1)
    letter, sms = sorted(_messages(db_session, zaak), key=lambda m: m.channel)
    assert (letter.channel, sms.channel) == (MessageChannel.LETTER, MessageChannel.SMS)
    assert letter.aanmelding_id is None and letter.vroegsignaalzaak_id == zaak.id
    assert letter.recipient.splitlines()[1] == f"Nieuwstraat {zaak.signals[-1].huisnummer}-A"
    assert "U kreeg" not in letter.body and "412" not in letter.body and "Woonzorg" not in letter.body
    assert lansingerland.phone in letter.body
    assert sms.recipient == "+31623456789"
    for word in ("Lansingerland", "gemeente", "schuld", "achterstand", "412", "Woonzorg"):
        assert word.lower() not in sms.body.lower()
    db_session.refresh(zaak)
    assert zaak.invited_at is not None
    kinds = sorted(c.soort for c in db_session.scalars(select(Contactpoging).where(Contactpoging.zaak_id == zaak.id)))
    assert kinds == sorted([Contactsoort.BRIEF, Contactsoort.SMS_WHATSAPP])


def test_a_double_press_invites_once(db_session, staff, municipalities):
    make_zaak(db_session, municipalities["lansingerland"])
    early_warning_outreach.invite(db_session, staff["regisseur"])
    again = early_warning_outreach.invite(db_session, staff["collega"])
    assert again.households == 0
    assert len(_messages(db_session)) == 2


def test_only_open_letter_cases_of_the_own_municipality_without_an_invitation(db_session, staff, municipalities):
    lansingerland = municipalities["lansingerland"]
    waiting = make_zaak(db_session, lansingerland)
    make_zaak(db_session, lansingerland, approach=Approach.CALL_VISIT)
    make_zaak(db_session, lansingerland, result=Eindresultaat.ZELF_BETAALD,
              closed_at=datetime(2026, 11, 5, tzinfo=UTC))
    make_zaak(db_session, municipalities["groningen"])
    already = make_zaak(db_session, lansingerland)
    already.invited_at = datetime(2026, 11, 3, tzinfo=UTC)
    db_session.commit()
    assert early_warning_outreach.waiting_count(db_session, staff["regisseur"]) == 1
    early_warning_outreach.invite(db_session, staff["regisseur"])
    assert {m.vroegsignaalzaak_id for m in _messages(db_session)} == {waiting.id}


def test_no_phone_no_sms_and_no_address_no_letter(db_session, staff, municipalities):
    lansingerland = municipalities["lansingerland"]
    no_phone = make_zaak(db_session, lansingerland, signals=[{"phone": "010 123 4567"}])  # a landline takes no sms
    no_address = make_zaak(db_session, lansingerland, signals=[{"street": None}])
    done = early_warning_outreach.invite(db_session, staff["regisseur"])
    assert (done.households, done.letters, done.sms, done.without_address) == (1, 1, 0, 1)
    assert [m.channel for m in _messages(db_session, no_phone)] == [MessageChannel.LETTER]
    assert _messages(db_session, no_address) == []


def test_the_invitation_is_audit_logged_with_counts_only(db_session, staff, municipalities):
    make_zaak(db_session, municipalities["lansingerland"])
    early_warning_outreach.invite(db_session, staff["regisseur"])
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "early_warning_invited")).one()
    assert entry.detail == "households: 1; letters: 1; sms: 1; without address: 0"
