"""Importing signals: grouped per household, triaged, all or nothing, and idempotent on the signal id."""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.domain.early_warning import Approach, Eindresultaat, Signaalstatus
from portal.models.early_warning import Vroegsignaal, Vroegsignaalzaak
from portal.services import early_warning_import
from portal.services.early_warning_import import SignalFileRejected, import_signals
from tests.conftest import raw_dump
from tests.rules.test_signal_file import GOOD, csv_bytes

DEMO = Path(__file__).resolve().parents[2] / "demo" / "signals"
TODAY = date(2026, 12, 7)  # a Monday


def _import(db_session, municipality, rows, today=TODAY):
    return import_signals(db_session, municipality, io.BytesIO(csv_bytes(rows)), today=today)


def _count(db_session, model):
    return db_session.scalar(select(func.count()).select_from(model))


def _case_of(db_session, external_id):
    signal = db_session.scalars(select(Vroegsignaal).where(Vroegsignaal.external_id == external_id)).one()
    return signal, signal.zaak


def test_the_demo_file_makes_households_with_the_right_approach(db_session, municipalities):
    lansingerland = municipalities["lansingerland"]
    with (DEMO / "lansingerland.csv").open("rb") as binary:
        result = import_signals(db_session, lansingerland, binary, today=TODAY)
    assert (result.new, result.known) == (60, 0)
    assert result.not_taken_up == 2 and result.crisis_cases >= 2  # two planned, a few random
    db_session.expire_all()
    _, rising = _case_of(db_session, "LAN-000001")
    assert rising.approach == Approach.CALL_VISIT and len(rising.signals) == 2  # rent arrears that rose
    _, mixed = _case_of(db_session, "LAN-000003")
    assert mixed.approach == Approach.CALL_VISIT and {s.partner_type for s in mixed.signals} == {"Huur", "Energie"}
    _, eviction = _case_of(db_session, "LAN-000005")
    assert eviction.approach == Approach.CRISIS and eviction.crisis and eviction.due_on == date(2026, 12, 10)
    notice, end_of_supply = _case_of(db_session, "LAN-000007")  # Lansingerland: not a crisis by itself
    assert not notice.crisis and end_of_supply.approach == Approach.LETTER_SMS
    assert end_of_supply.due_on == date(2026, 12, 21)  # 14 days: Monday 21 December
    small, closed = _case_of(db_session, "LAN-000008")
    assert small.status == Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN
    assert closed.result == Eindresultaat.NIET_OPGEPAKT_ANDERE_REDEN and closed.closed_at is not None
    duo, _ = _case_of(db_session, "LAN-000009")
    assert duo.status == Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN


def test_lochem_reads_an_energy_end_of_supply_notice_as_a_crisis(db_session, municipalities):
    with (DEMO / "lochem.csv").open("rb") as binary:
        import_signals(db_session, municipalities["lochem"], binary, today=TODAY)
    notice, case = _case_of(db_session, "LOC-000007")
    assert notice.crisis and case.approach == Approach.CRISIS


def test_a_second_import_of_the_same_file_changes_nothing(db_session, municipalities):
    path = DEMO / "groningen.csv"
    with path.open("rb") as binary:
        first = import_signals(db_session, municipalities["groningen"], binary, today=TODAY)
    before = raw_dump(db_session)
    with path.open("rb") as binary:
        again = import_signals(db_session, municipalities["groningen"], binary, today=TODAY)
    assert (first.new, first.known) == (120, 0)
    assert again.summary() == {"new": 0, "known": 120, "cases_new": 0, "cases_updated": 0, "not_taken_up": 0,
                               "repeats": 0, "crisis_cases": 0, "aftercare": 0}
    assert raw_dump(db_session) == before


def test_the_same_ids_in_another_municipality_are_other_signals(db_session, municipalities):
    _import(db_session, municipalities["lansingerland"], [GOOD])
    result = _import(db_session, municipalities["lochem"], [GOOD])
    assert result.new == 1 and _count(db_session, Vroegsignaal) == 2


def test_nothing_is_stored_from_a_file_with_one_bad_line_after_many_batches(db_session, municipalities, monkeypatch):
    monkeypatch.setattr(early_warning_import, "BATCH", 10)
    rows = [GOOD | {"signaal_id": f"L-{i}"} for i in range(45)] + [GOOD | {"signaal_id": "L-bad", "bsn": "123"}]
    with pytest.raises(SignalFileRejected) as rejected:
        _import(db_session, municipalities["lansingerland"], rows)
    assert [(p.where, p.field) for p in rejected.value.check.problems] == [("47", "bsn")]
    assert _count(db_session, Vroegsignaal) == 0 and _count(db_session, Vroegsignaalzaak) == 0


def test_a_failure_while_storing_rolls_back_every_batch(db_session, municipalities, monkeypatch):
    monkeypatch.setattr(early_warning_import, "BATCH", 5)
    rows = [GOOD | {"signaal_id": f"L-{i}", "bsn": ""} for i in range(12)]
    calls = []
    real = early_warning_import._Importer.store_batch

    def failing(self, batch):
        calls.append(len(batch))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(self, batch)

    monkeypatch.setattr(early_warning_import._Importer, "store_batch", failing)
    with pytest.raises(RuntimeError):
        _import(db_session, municipalities["lansingerland"], rows)
    assert _count(db_session, Vroegsignaal) == 0


def test_signals_of_one_household_across_batches_form_one_case(db_session, municipalities, monkeypatch):
    monkeypatch.setattr(early_warning_import, "BATCH", 2)
    rows = [GOOD | {"signaal_id": f"L-{i}", "signaaldatum": f"2026-11-0{i + 1}", "signaalpartner_type": partner,
                    "bsn": "", "postcode": "2651AB" if i % 2 else "2651 ab", "toevoeging": "A"}
            for i, partner in enumerate(["Zorg", "Zorg", "Water", "Zorg", "Zorg"])]
    result = _import(db_session, municipalities["lansingerland"], rows)
    assert (result.cases_new, result.cases_updated) == (1, 0)
    assert _count(db_session, Vroegsignaalzaak) == 1
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    assert case.approach == Approach.CALL_VISIT and case.matching_start == date(2026, 11, 1)


def test_a_repeat_signal_raises_the_approach_of_the_open_case_and_never_delays_it(db_session, municipalities):
    lansingerland = municipalities["lansingerland"]
    _import(db_session, lansingerland, [GOOD], today=date(2026, 12, 1))
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    assert (case.approach, case.due_on) == (Approach.LETTER_SMS, date(2026, 12, 15))
    crisis = GOOD | {"signaal_id": "L-2", "signaalpartner_type": "Energie", "crisissignaal": "ja",
                     "signaaldatum": "2026-12-04"}
    result = _import(db_session, lansingerland, [crisis], today=TODAY)
    assert (result.cases_new, result.cases_updated, result.crisis_cases) == (0, 1, 1)
    db_session.expire_all()
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    assert (case.approach, case.due_on, case.crisis, len(case.signals)) == (Approach.CRISIS, date(2026, 12, 10),
                                                                            True, 2)
    small = GOOD | {"signaal_id": "L-3", "signaalpartner_type": "Water", "bedrag": "10"}
    _import(db_session, lansingerland, [small], today=TODAY)
    db_session.expire_all()
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    assert case.approach == Approach.CRISIS and len(case.signals) == 3  # attached, but no lower approach


def test_a_signal_within_the_matching_period_of_a_closed_case_is_a_repeat(db_session, municipalities):
    lansingerland = municipalities["lansingerland"]
    _import(db_session, lansingerland, [GOOD], today=date(2026, 12, 1))
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    case.result = Eindresultaat.REGELT_ZELF
    db_session.commit()
    result = _import(db_session, lansingerland, [GOOD | {"signaal_id": "L-2", "signaaldatum": "2026-12-05"}])
    assert result.repeats == 1 and _count(db_session, Vroegsignaalzaak) == 1
    signal, _ = _case_of(db_session, "L-2")
    assert signal.status == Signaalstatus.NIET_OPGEPAKT_HERHAALD
    # After the matching period (90 days from 30 November) the household gets a new case.
    later = _import(db_session, lansingerland, [GOOD | {"signaal_id": "L-3", "signaaldatum": "2027-03-01"}],
                    today=date(2027, 3, 2))
    assert later.cases_new == 1


def test_personal_fields_are_encrypted_and_the_household_is_a_digest(db_session, municipalities):
    _import(db_session, municipalities["lansingerland"], [GOOD])
    dump = raw_dump(db_session)
    for value in ("111222333", "Anna de Vries", "Dorpsstraat", "2651 AB", "+31612345678", "anna@example.com"):
        assert value not in dump
    case = db_session.scalars(select(Vroegsignaalzaak)).one()
    assert len(case.household_digest) == 64


def test_a_json_delivery_is_imported(db_session, municipalities):
    from tests.rules.test_signal_file import JSON_GOOD, ddas

    result = import_signals(db_session, municipalities["lansingerland"], io.BytesIO(ddas([JSON_GOOD])), today=TODAY)
    assert result.new == 1 and result.crisis_cases == 1


def test_after_a_key_rotation_a_repeat_signal_still_finds_its_household(app, tmp_path, db_session, municipalities):
    """rebuild-search-index writes the household digests under the new key too, so the old key can go."""
    from portal import blind_index
    from tests.conftest import TEST_BLIND_INDEX_KEY, make_test_app

    lansingerland = municipalities["lansingerland"]
    _import(db_session, lansingerland, [GOOD], today=date(2026, 12, 1))
    new_key = blind_index.new_key()
    try:
        both = make_test_app(app.config["DATABASE_URL"], tmp_path, BLIND_INDEX_KEYS=f"{new_key},{TEST_BLIND_INDEX_KEY}")
        result = both.test_cli_runner().invoke(args=["rebuild-search-index"])
        assert "1 early-warning households written again" in result.output, result.output
        blind_index.configure([new_key])  # the old key is gone
        repeat = GOOD | {"signaal_id": "L-2", "signaalpartner_type": "Energie", "signaaldatum": "2026-12-04"}
        assert _import(db_session, lansingerland, [repeat]).cases_updated == 1
        db_session.expire_all()
        case = db_session.scalars(select(Vroegsignaalzaak)).one()
        assert len(case.signals) == 2 and case.household_key_id == blind_index.current_key_id()
        both.extensions["db_engine"].dispose()
    finally:
        blind_index.configure([TEST_BLIND_INDEX_KEY])
