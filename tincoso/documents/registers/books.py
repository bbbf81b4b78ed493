"""The two incoming registers as tables: their headers and lines for a unit and year,
the frozen lines of a closed year, and their .xlsx (formula-looking text kept as
text by ``core.spreadsheet``, as every export here)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Book:
    unit: Unit
    year: int
    kind: str  # "den" | "theo-doi"
    header: list[str]
    rows: list[list[str]]
    closure: RegisterClosure | None

    @property
    def title(self) -> str:
        return str(TITLES[self.kind])


def book(unit: Unit, year: int, kind: str) -> Book:
    """One register; the sổ đăng ký of a closed year as it was when closed."""
    closure = (
        RegisterClosure.objects.filter(unit=unit, year=year).select_related("closed_by").first()
    )
    if kind == "den":
        header = [str(h) for h in REGISTER_HEADER]
        if closure is not None:
            return Book(unit, year, kind, header, closure.rows, closure)
        return Book(unit, year, kind, header, [register_row(e) for e in entries(unit, year)], None)
    header = [str(h) for h in FOLLOW_UP_HEADER]
    return Book(unit, year, kind, header, [follow_up_row(e) for e in entries(unit, year)], closure)


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
