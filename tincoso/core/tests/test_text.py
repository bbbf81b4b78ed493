from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tincoso.core.text import clean_line, fold, format_date, format_number


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thông tin cơ sở", "thong tin co so"),
        ("ĐẢNG ỦY", "dang uy"),
        ("Đảng ủy", "dang uy"),
        ("Quyết định QĐ-TTg", "quyet dinh qd-ttg"),
        ("Ðảng", "dang"),  # the look-alike Ð (U+00D0) some OCR produces
    ],
)
def test_folding_drops_diacritics_including_d_bar_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_folding_keeps_offsets_for_decomposed_input() -> None:
    text = unicodedata.normalize("NFD", "Hướng dẫn số 30")
    assert len(fold(text)) == len(unicodedata.normalize("NFC", text))


def test_clean_line_normalises_to_nfc_and_collapses_spaces() -> None:
    assert clean_line("  Tuyên\u00a0 giáo ") == unicodedata.normalize("NFC", "Tuyên giáo")


def test_vietnamese_date_and_number_formats() -> None:
    assert format_date(dt.date(2017, 6, 6)) == "ngày 06 tháng 6 năm 2017"
    assert format_number(1234567) == "1.234.567"
    assert format_number(1234.5, 1) == "1.234,5"
