from datetime import date

import pytest

from portal.rules.csv_safety import safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+31612345678", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                  "=HYPERLINK(\"http://x\")"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_plain_values():
    assert safe_cell("Huisarts") == "Huisarts"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"
    assert safe_cell(66.7) == "66.7"
    assert safe_cell(date(2026, 11, 16)) == "2026-11-16"
