"""Cited symbols whose digits OCR read as look-alike letters."""

from __future__ import annotations

from tincoso.documents.parser import parse_text
from tincoso.documents.parser.cited_digits import mend_cited_digits


def test_look_alike_letters_in_a_cited_number_are_read_as_digits() -> None:
    assert mend_cited_digits("Nghị quyết số S0/NQ-CP ngày 13/3/2025") == (
        "Nghị quyết số 50/NQ-CP ngày 13/3/2025"
    )
    assert mend_cited_digits("Nghị định số 1O5/2021/NĐ-CP") == "Nghị định số 105/2021/NĐ-CP"
    assert mend_cited_digits("Báo cáo sô 34/BC-CAT-PH]0 ngày") == "Báo cáo sô 34/BC-CAT-PH10 ngày"


def test_words_and_numbers_without_a_real_digit_are_left_as_printed() -> None:
    for text in ("số SO-KH", "số lượng 5/QĐ", "Số: 3980/C04-P6", "Sở Y tế"):
        assert mend_cited_digits(text) == text


def test_the_mended_symbol_is_a_reference_of_the_document() -> None:
    doc = parse_text(
        "BỘ CÔNG AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/BCA-C04\nHà Nội, ngày 3 tháng 2 năm 2026\nV/v triển khai chương trình\n"
        "Kính gửi: Các đơn vị.\nThực hiện Nghị quyết số S0/NQ-CP ngày 13/3/2025 và Báo cáo"
        " số 34/BC-CAT-PH]0 ngày 15/7/2025, đề nghị các đơn vị triển khai./.\n"
    )
    assert "50/NQ-CP" in doc.references and "34/BC-CAT-PH10" in doc.references
