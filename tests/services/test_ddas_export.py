"""The DDAS v1.2 report to CBS: valid against VNG's published schema, and holding what it says (no names)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from portal.domain.early_warning import Contactsoort, Dagdeel, Eindresultaat, SignaalpartnerType
from portal.models import AuditEntry
from portal.services import ddas_export
from tests.early_warning_report_fixtures import make_zaak

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "standards" / "ddas-v1.2" /
                     "json_schema_Uitwisselmodel.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def _filled(db_session, municipality):
    with_bsn = make_zaak(db_session, municipality, signals=[
        {"bsn": "111222333", "partner_type": SignaalpartnerType.ZORG, "amount_euros": 260},
        {"bsn": "111222333", "partner_type": SignaalpartnerType.ENERGIE, "amount_euros": 95,
         "signalled_on": date(2026, 10, 1)}],
        result=Eindresultaat.VERVOLGHULP_FINANCIEEL, picked_up_on=date(2026, 11, 4),
        contacts=[(Contactsoort.TELEFOON, False, date(2026, 11, 4), Dagdeel.OCHTEND),
                  (Contactsoort.HUISBEZOEK, True, date(2026, 11, 6), None)])
    by_address = make_zaak(db_session, municipality, signals=[{"toevoeging": "bis", "postcode": "2651 ab"}])
    outside = make_zaak(db_session, municipality, signalled_on=date(2026, 9, 1))
    return with_bsn, by_address, outside


def test_the_export_validates_against_the_published_schema_and_holds_the_period(db_session, municipalities):
    with_bsn, by_address, _outside = _filled(db_session, municipalities["lansingerland"])
    result = ddas_export.export(db_session, "lansingerland", start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert _errors(result.document) == []
    levering, = result.document["leveringen"]
    assert levering["gemeentecode"] == "1621"
    ids = {s["ID"] for s in levering["vroegsignalen"]}
    # The September case is outside the period; the October signal of a November case comes along with its case.
    assert ids == {s.external_id for s in with_bsn.signals + by_address.signals}
    assert (result.signals, result.cases, result.contact_attempts) == (3, 2, 2)
    clients = {s["ID"]: s["client"] for s in levering["vroegsignalen"]}
    assert clients[with_bsn.signals[0].external_id] == {"burgerservicenummer": "111222333"}
    assert clients[by_address.signals[0].external_id] == {"postcode": "2651AB", "huisnummer":
                                                          by_address.signals[0].huisnummer,
                                                          "huisnummertoevoeging": "bis"}
    accepted = next(z for z in levering["vroegsignaalzaken"] if z.get("resultaat"))
    assert accepted["resultaat"] == "Vervolghulp en/of verwijzing financieel"
    assert accepted["datumOpgepakt"] == "2026-11-04"
    assert accepted["contactpogingen"][0] == {"soort": "Telefoon", "bereikt": False, "datum": "2026-11-04",
                                              "dagdeel": "Ochtend"}
    text = json.dumps(result.document)
    assert "de Vries" not in text and "Dorpsstraat" not in text and "0612345678" not in text.replace(" ", "")


def test_the_export_is_audit_logged_with_counts_only(db_session, municipalities):
    _filled(db_session, municipalities["lansingerland"])
    ddas_export.export(db_session, "lansingerland", start=date(2026, 11, 1), end=date(2026, 11, 30))
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "export_ddas")).one()
    assert entry.detail == "period 2026-11-01..2026-11-30; signals: 3; cases: 2; contact attempts: 2"


def test_a_municipality_without_gemeentecode_is_refused(db_session, municipalities):
    municipalities["lochem"].gemeentecode = None
    db_session.commit()
    with pytest.raises(ddas_export.ExportError, match="gemeentecode"):
        ddas_export.export(db_session, "lochem", start=date(2026, 11, 1), end=date(2026, 11, 30))


def test_an_empty_period_is_still_a_valid_delivery(db_session, municipalities):
    result = ddas_export.export(db_session, "groningen", start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert _errors(result.document) == []
    assert result.document["leveringen"][0]["vroegsignalen"] == []


def test_the_schema_check_catches_a_wrong_document():
    """The validator is not a no-op: a name in the client or an amount with cents fails."""
    document = {"codeGegevensleverancier": "X", "startdatumLevering": "2026-11-01", "einddatumLevering": "2026-11-30",
                "aanleverdatumEnTijd": "2026-12-01T10:00:00Z",
                "leveringen": [{"teller": 1, "gemeentecode": "1621", "aanleverendeOrganisatie": {"naam": "G"},
                                "vroegsignalen": [{"ID": "1", "bedrag": 12.5, "signaalpartner": {"type": "Huur"},
                                                   "client": {"burgerservicenummer": "111222333",
                                                              "naam": "J. de Vries"}}]}]}
    assert len(_errors(document)) >= 2


def test_the_cli_writes_a_private_file_and_says_what_it_holds(app, db_session, municipalities, tmp_path):
    _filled(db_session, municipalities["lansingerland"])
    output = tmp_path / "ddas.json"
    result = app.test_cli_runner().invoke(args=["export-ddas", "--from", "2026-11-01", "--to", "2026-11-30",
                                                "--municipality", "lansingerland", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "3 signals" in result.output and "no names" in result.output
    assert output.stat().st_mode & 0o077 == 0
    assert _errors(json.loads(output.read_text(encoding="utf-8"))) == []


def test_the_cli_refuses_a_period_that_ends_before_it_starts(app, municipalities):
    result = app.test_cli_runner().invoke(args=["export-ddas", "--from", "2026-11-30", "--to", "2026-11-01",
                                                "--municipality", "lansingerland"])
    assert result.exit_code != 0 and "--to is before --from" in result.output
