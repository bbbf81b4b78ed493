"""Cells for spreadsheets we hand out (CSV and XLSX exports, templates).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some programs skip before looking) is run as a formula by Excel and
LibreOffice: a unit named ``=HYPERLINK("http://evil/", "Bấm vào")`` would become
a live link in a province's report. Every exported text cell goes through
:func:`safe_cell`, which puts an apostrophe in front (OWASP's advice for CSV
injection; spreadsheet programs read a leading apostrophe as "this is text").
Files we export and read back again (the units CSV) take it off with
:func:`unescape_cell`, so a round trip keeps names as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The media type of an .xlsx file, as every download and the API schema name it.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a cell: text that a spreadsheet would run as a
    formula gets a leading apostrophe; numbers, dates and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unescape_cell(value: str) -> str:
    """The text :func:`safe_cell` escaped, as it was (for files we read back)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
