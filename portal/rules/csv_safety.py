"""Cells of a CSV file that a spreadsheet opens: no cell may run as a formula (CSV or formula injection).

A resident types their own call name, so "=HYPERLINK(...)" or "@SUM(...)" can reach an export. Excel, LibreOffice
and Google Sheets run a cell that starts with = + - @ as a formula, and also one that starts with a tab or a carriage
return followed by one. OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection): put a single quote
before such a cell, so the spreadsheet shows it as text, and quote every cell, so a separator inside a value (a ";"
for a reader that splits on it) cannot start a new cell that begins with "=".

A phone number is stored as "+31612345678": it gets the quote too and reads "'+31612345678". That is the standard
fix, it stays readable, and without it a spreadsheet would take "+31612345678" for a sum and show 3,16E+10.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRAL_PREFIX = "'"


def safe_cell(value: object) -> str:
    """The cell as text: None is empty, a yes/no is 1/0, a date is ISO 8601 (2026-11-16), a number stays a number (a
    negative one too: only text is neutralised), and text a spreadsheet would run gets a single quote in front."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return NEUTRAL_PREFIX + text if text.startswith(FORMULA_STARTS) else text


class ExcelSemicolon(csv.Dialect):
    """What Excel opens in columns with a Dutch locale: its list separator is ";" (Dutch uses the decimal comma),
    so a file with "," lands in one column there. Every cell quoted (see above); lines end in CRLF (RFC 4180)."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    quoting = csv.QUOTE_ALL
    lineterminator = "\r\n"
    skipinitialspace = False


# Without the byte-order mark Excel reads a UTF-8 file as Windows-1252: "Fátima" and every Arabic name break. Python
# ("utf-8-sig"), pandas, R and LibreOffice read the mark as what it is.
BYTE_ORDER_MARK = "\ufeff"


def safe_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """One table: one header row, then one row per item, every cell made safe. Starts with the byte-order mark."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, dialect=ExcelSemicolon)
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()
