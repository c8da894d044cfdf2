"""`flask import-signals FILE --municipality SLUG`: counts on success; on failure problems by line, nothing stored."""

from sqlalchemy import func, select

from portal.models.early_warning import Vroegsignaal
from tests.rules.test_signal_file import GOOD, csv_bytes


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["import-signals", *args])


def test_import_twice_says_what_is_new_and_what_was_known(app, municipalities, tmp_path, db_session):
    path = tmp_path / "signalen.csv"
    path.write_bytes(csv_bytes([GOOD, GOOD | {"signaal_id": "L-2", "bsn": "123456782"}]))
    first = _run(app, str(path), "--municipality", "lansingerland")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("2 nieuw, 0 al bekend; 2 nieuwe huishoudens")
    again = _run(app, str(path), "--municipality", "lansingerland")
    assert again.output.startswith("0 nieuw, 2 al bekend; 0 nieuwe huishoudens")
    assert db_session.scalar(select(func.count()).select_from(Vroegsignaal)) == 2


def test_a_bad_file_lists_its_problems_in_dutch_and_stores_nothing(app, municipalities, tmp_path, db_session):
    path = tmp_path / "signalen.csv"
    path.write_bytes(csv_bytes([GOOD, GOOD | {"signaal_id": "L-2", "bsn": "123456789", "postcode": "26"}]))
    result = _run(app, str(path), "--municipality", "lansingerland")
    assert result.exit_code != 0
    assert "Regel 3, kolom bsn: Dit BSN klopt niet" in result.output
    assert "Regel 3, kolom postcode: Een postcode is 4 cijfers en 2 letters" in result.output
    assert "Nothing was imported" in result.output and "Anna" not in result.output
    assert db_session.scalar(select(func.count()).select_from(Vroegsignaal)) == 0


def test_an_unknown_municipality_is_refused(app, municipalities, tmp_path):
    path = tmp_path / "signalen.csv"
    path.write_bytes(csv_bytes([GOOD]))
    assert "No municipality 'nergens'" in _run(app, str(path), "--municipality", "nergens").output
