"""The shared escape for cells that a spreadsheet would run as formulas."""

from __future__ import annotations

import pytest

from tincoso.core.spreadsheet import safe_cell, unescape_cell

HOSTILE = ['=HYPERLINK("http://evil.example/","Bấm")', "+1+1", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_gets_an_apostrophe_and_comes_back(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert unescape_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["Xã Đồng Tâm", "", "1 = 1", "'quoted", 42, -3, None, 1.5])
def test_other_values_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert unescape_cell(value) == value
