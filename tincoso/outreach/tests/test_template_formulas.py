"""The activity import template cannot carry a live formula from a unit's name."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tincoso.core.tests.test_spreadsheet import HOSTILE
from tincoso.outreach import importer
from tincoso.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_unit_names_that_look_like_formulas_stay_text_in_the_template(
    tree: dict[str, Unit], cell_officer: Any
) -> None:
    cell = tree["cell-a"]
    for index, name in enumerate(HOSTILE):
        cell.refresh_from_db()
        Unit.objects.add_child(cell, {"code": f"to-{index}", "name": name, "kind": UnitKind.OTHER})
    book = load_workbook(io.BytesIO(importer.template_workbook(cell_officer)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas == []
    names = [r[1] for r in book["Đơn vị"].iter_rows(min_row=2, values_only=True)]
    for name in HOSTILE:
        assert "'" + name in names
