"""The two incoming registers as tables: their headers and lines for a unit and year,
the frozen lines of a closed year, and their .xlsx (formula-looking text kept as
text by ``core.spreadsheet``, as every export here)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tincoso.core.spreadsheet import safe_row
from tincoso.documents.models import RegisterClosure
from tincoso.documents.registers.rows import (
    FOLLOW_UP_HEADER,
    REGISTER_HEADER,
    entries,
    follow_up_row,
    register_row,
)
from tincoso.units.models import Unit

TITLES = {
    "den": _("Sổ đăng ký văn bản đến"),
    "theo-doi": _("Sổ theo dõi giải quyết văn bản đến"),
}


# The printed columns' widths in % of the table, in the order of Phụ lục IV: the
# table is laid out at fixed widths (``table-layout: fixed``), so WeasyPrint measures
# no cell's text to size the columns (a third of a 1,000-line PDF's time, bench).
WIDTHS = {
    "den": [8, 5, 12, 10, 8, 24, 11, 8, 9, 5],
    "theo-doi": [6, 26, 16, 10, 20, 11, 11],
}


@dataclass(frozen=True)
class Book:
    unit: Unit
    year: int
    kind: str  # "den" | "theo-doi"
    header: list[str]
    rows: list[list[str]]
    closure: RegisterClosure | None
    numbers: tuple[int, int] | None = None  # the số đến shown, when not the whole year

    @property
    def title(self) -> str:
        return str(TITLES[self.kind])

    @property
    def widths(self) -> list[int]:
        return WIDTHS[self.kind]

    @cached_property
    def rows_html(self) -> SafeString:
        """The table's body rows, escaped once here: the template engine takes ~50 µs a
        cell, and a busy unit's year is 50,000 cells."""
        return SafeString(
            "".join(
                "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>\n"
                for row in self.rows
            )
        )


def book(unit: Unit, year: int, kind: str, numbers: tuple[int, int] | None = None) -> Book:
    """One register, the số đến from ``numbers[0]`` to ``numbers[1]`` only if given; the
    sổ đăng ký of a closed year as it was when closed."""
    closure = (
        RegisterClosure.objects.filter(unit=unit, year=year).select_related("closed_by").first()
    )
    if kind == "den":
        header = [str(h) for h in REGISTER_HEADER]
        if closure is not None:
            return Book(unit, year, kind, header, _frozen(closure.rows, numbers), closure, numbers)
        lines = entries(unit, year, numbers, follow_up=False)
        return Book(unit, year, kind, header, [register_row(e) for e in lines], None, numbers)
    header = [str(h) for h in FOLLOW_UP_HEADER]
    rows = [follow_up_row(e) for e in entries(unit, year, numbers)]
    return Book(unit, year, kind, header, rows, closure, numbers)


def _frozen(rows: list[list[str]], numbers: tuple[int, int] | None) -> list[list[str]]:
    """The closed register's lines with their số đến (column 2) in ``numbers``."""
    if numbers is None:
        return rows
    low, high = numbers
    return [r for r in rows if r[1].isdigit() and low <= int(r[1]) <= high]


def table_xlsx(heading: list[str], header: list[str], rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook: heading lines, the column names in bold, the rows."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in heading:
        sheet.append(safe_row([line]))
    sheet.append(safe_row(header))
    for cell in sheet[len(heading) + 1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def book_xlsx(b: Book) -> bytes:
    return table_xlsx([b.unit.name, f"{b.title} {b.year}"], b.header, b.rows)
