"""purge-expired, early warning: a household that did not accept help is deleted when the legal term has passed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.early_warning import Contactsoort, Eindresultaat
from portal.models import Contactpoging, OutboxMessage, Vroegsignaal, Vroegsignaalzaak
from portal.rules.early_warning_retention import LEGAL_MAX_MONTHS, add_months, is_expired
from portal.rules.early_warning_settings import EarlyWarningSettings
from portal.services import early_warning_outreach, early_warning_retention, outbox
from tests.early_warning_report_fixtures import make_zaak

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
RECEIVED_LONG_AGO = datetime(2025, 12, 6, 10, 0, tzinfo=UTC)  # twelve months and a day
RECEIVED_RECENTLY = datetime(2025, 12, 8, 10, 0, tzinfo=UTC)  # a day short of twelve months


def _count(db_session, model) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def test_the_default_term_is_the_legal_maximum_and_no_municipality_may_keep_longer():
    assert EarlyWarningSettings().retention_months == LEGAL_MAX_MONTHS == 12
    assert EarlyWarningSettings.from_stored({"retention_months": 6}).retention_months == 6
    with pytest.raises(ValueError):
        EarlyWarningSettings.from_stored({"retention_months": LEGAL_MAX_MONTHS + 1})


def test_the_rule_counts_from_the_newest_receipt_and_spares_help_accepted():
    received = date(2025, 12, 7)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert not is_expired(newest_receipt=received, result=None, has_aanmelding=False, months=12,
                          today=date(2026, 12, 6))
    assert is_expired(newest_receipt=received, result=None, has_aanmelding=False, months=12, today=date(2026, 12, 7))
    assert is_expired(newest_receipt=received, result=Eindresultaat.REGELT_ZELF, has_aanmelding=False, months=12,
                      today=date(2026, 12, 7))
    accepted = Eindresultaat.VERVOLGHULP_FINANCIEEL
    assert not is_expired(newest_receipt=received, result=accepted, has_aanmelding=True, months=12,
                          today=date(2030, 1, 1))
    assert is_expired(newest_receipt=received, result=accepted, has_aanmelding=False, months=12,
                      today=date(2026, 12, 7))


def test_purge_deletes_the_expired_households_signals_attempts_and_outreach_and_keeps_the_rest(
        app, db_session, staff, municipalities, make_case):
    lansingerland = municipalities["lansingerland"]
    old_open = make_zaak(db_session, lansingerland, imported_at=RECEIVED_LONG_AGO,
                         signals=[{}, {"partner_type": "Zorg"}],
                         contacts=[(Contactsoort.TELEFOON, False, date(2025, 12, 10), None)])
    with app.app_context():
        early_warning_outreach.invite(db_session, staff["regisseur"], now=RECEIVED_LONG_AGO + timedelta(days=1))
    old_closed = make_zaak(db_session, lansingerland, imported_at=RECEIVED_LONG_AGO,
                           result=Eindresultaat.GEEN_CONTACT, closed_at=RECEIVED_LONG_AGO + timedelta(days=30))
    recent = make_zaak(db_session, lansingerland, imported_at=RECEIVED_RECENTLY)
    accepted = make_zaak(db_session, lansingerland, imported_at=RECEIVED_LONG_AGO,
                         result=Eindresultaat.VERVOLGHULP_FINANCIEEL)
    accepted.aanmelding_id = make_case().id
    db_session.commit()
    gone_ids = {old_open.id, old_closed.id}
    kept_ids = {recent.id, accepted.id}
    assert _count(db_session, OutboxMessage) == 2  # the invitation's letter and sms

    purged = early_warning_retention.purge(db_session, now=NOW)
    assert (purged.cases, purged.signals, purged.contact_attempts, purged.messages) == (2, 3, 3, 2)
    left = {z.id for z in db_session.scalars(select(Vroegsignaalzaak))}
    assert left == kept_ids and not gone_ids & left
    assert _count(db_session, Vroegsignaal) == 2 and _count(db_session, Contactpoging) == 0
    assert _count(db_session, OutboxMessage) == 0
    assert early_warning_retention.purge(db_session, now=NOW).cases == 0


def test_a_shorter_term_of_the_municipality_applies(db_session, municipalities):
    lansingerland = municipalities["lansingerland"]
    lansingerland.early_warning = {"retention_months": 6}
    db_session.commit()
    make_zaak(db_session, lansingerland, imported_at=datetime(2026, 6, 1, 10, tzinfo=UTC))
    assert early_warning_retention.purge(db_session, now=NOW).cases == 1


def test_the_weekly_outbox_purge_does_not_delete_an_unprinted_invitation(app, db_session, staff, municipalities):
    make_zaak(db_session, municipalities["lansingerland"])
    with app.app_context():
        early_warning_outreach.invite(db_session, staff["regisseur"], now=NOW - timedelta(days=30))
    outbox.purge(db_session, now=NOW)
    letter = db_session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "letter")).one()
    assert letter.body and letter.recipient, "the letter still waits for the printer"


def test_purge_expired_reports_counts_only(app, db_session, municipalities):
    make_zaak(db_session, municipalities["lansingerland"], imported_at=RECEIVED_LONG_AGO - timedelta(days=400))
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 early-warning cases without help accepted past their retention term, with 1 signals" \
        in result.output
