"""Cells for a CSV file that a spreadsheet opens as text, never as a formula."""

from __future__ import annotations

from datetime import date

# A spreadsheet reads a cell that starts with one of these as a formula (or a command, via DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as the text of one CSV cell: None is empty, a date is ISO 8601 (2026-11-16), and text that starts with
    = + - @ a tab or a carriage return gets a leading apostrophe ("'=1+1"), so it is shown, not run (OWASP CSV
    injection). Numbers are written as they are, so a negative number stays a number: only text is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
