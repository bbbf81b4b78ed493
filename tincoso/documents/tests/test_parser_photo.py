"""The grammar read through the damage OCR does to a phone photo of a signed page.

Synthetic text in the shape Tesseract gives for a photographed page (grey paper,
slight perspective): "VIỆT NAM" lost at the end of the Quốc hiệu, "Về việc" read
with the wrong vowel, header words that lost their marks beside words that kept
them, a seal read as marks between the Nơi nhận list and the signer, one letter
of the title misread.  Not a corpus file.
"""

from __future__ import annotations

from tincoso.documents.parser import parse_text
from tincoso.documents.parser.recipients_ocr import mend_recipient
from tincoso.documents.parser.repair import (
    WordForms,
    mend_place_names,
    mend_signing_title,
    mend_words,
)
from tincoso.documents.parser.surnames import mend_surname

PHOTO_TO_TRINH = """UỶ BAN NHÂN DÂN. CỌNG HÒA XÃ HỘI CHỦ NGHĨA
SỞ TAI CHINH TỈNH BẮC NINH~-
Số: /TTr-STC
Độc lập do VIỆT N.
Tự - Hạnh phúc
Bắc Ninh, ngày tháng 3 năm 2026
TỜ TRÌNH
Và việc phê duyệt dự toán kinh phí chuyển đổi số năm 2026
Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh
Sở Tài chính kính trình Ủy ban nhân dân tỉnh Bắc Ninh xem xét, phê duyệt./.
Nơi nhận:
SIÁM ĐÓC
- Như trên;
- Lưu: VT, KHTC.
⁄%:
⁄© ⁄
r và 7
Nguyễn Văn An
"""


def test_a_quoc_hieu_whose_last_words_ocr_lost_still_anchors_the_header() -> None:
    doc = parse_text(PHOTO_TO_TRINH)
    assert doc.doc_type == "Tờ trình"
    assert doc.place == "Bắc Ninh"


def test_a_header_word_that_lost_its_marks_is_spelt_as_the_document_spells_it() -> None:
    doc = parse_text(PHOTO_TO_TRINH)
    assert doc.issuer == "Sở Tài chính tỉnh Bắc Ninh"


def test_ve_viec_read_with_another_vowel_opens_the_title_as_ve_viec() -> None:
    doc = parse_text(PHOTO_TO_TRINH)
    assert doc.title == "Về việc phê duyệt dự toán kinh phí chuyển đổi số năm 2026"
    # "Vì việc" is a real opening and stays.
    title = parse_text(PHOTO_TO_TRINH.replace("Và việc", "Vì việc")).title
    assert title is not None and title.startswith("Vì việc")


def test_a_seal_read_as_marks_ends_the_list_and_the_signer_is_found_after_it() -> None:
    doc = parse_text(PHOTO_TO_TRINH)
    assert doc.recipients == ["Như trên", "Lưu: VT, KHTC"]
    assert doc.signer_name == "Nguyễn Văn An"
    assert doc.signer_title == "GIÁM ĐỐC"


def test_a_title_with_one_letter_misread_is_mended_only_when_one_title_is_that_close() -> None:
    assert mend_signing_title("SIÁM ĐÓC") == "GIÁM ĐỐC"
    assert mend_signing_title("CHỦ TỊCH") == "CHỦ TỊCH"
    # Too short to tell: left as read.
    assert mend_signing_title("BỘ TRƯỞN") == "BỘ TRƯỞN"


def test_a_province_name_lowered_by_recasing_is_printed_as_a_proper_name() -> None:
    assert mend_place_names("Công an tỉnh lâm đông") == "Công an tỉnh Lâm Đồng"
    assert mend_place_names("CÔNG AN TỈNH LÂM ĐÒNG") == "CÔNG AN TỈNH LÂM ĐỒNG"


def test_a_name_word_opening_with_a_letter_no_syllable_has_is_read_as_its_twin() -> None:
    assert mend_surname("Bùi Fhanh Quang") == "Bùi Thanh Quang"
    # A foreign name whose twin is no syllable either stays as printed.
    assert mend_surname("Frank Lê") == "Frank Lê"


def test_a_marked_vowel_read_twice_is_spelt_as_the_document_spells_the_word() -> None:
    forms = WordForms(["Về việc phối hợp", "báo cáo về kết quả", "TỘI PHẠM VÈẺ MA TÚY"])
    assert mend_words("TỘI PHẠM VÈẺ MA TÚY", forms) == "TỘI PHẠM VỀ MA TÚY"
    # A real double vowel is a syllable and stays.
    assert mend_words("xoong", forms) == "xoong"


def test_header_names_lose_ocr_marks_at_their_edges_and_words_read_twice() -> None:
    text = PHOTO_TO_TRINH.replace("UỶ BAN NHÂN DÂN.", ": BỘ TÀI\\ CHÍNHCHÍNH")
    doc = parse_text(text)
    assert doc.parent_issuer == "Bộ Tài chính"
    # Without the marks and the double reading it reads the same.
    assert parse_text(text.replace(": BỘ TÀI\\ CHÍNHCHÍNH", "BỘ TÀI CHÍNH")).parent_issuer == (
        "Bộ Tài chính"
    )


def test_a_units_closing_1_read_as_a_bracket_is_a_1_again() -> None:
    assert mend_recipient("TK] (để b/c đ/c Bộ trưởng)") == "TK1 (để b/c đ/c Bộ trưởng)"
    assert mend_recipient("V0] (để theo dõi)") == "V01 (để theo dõi)"
    # A bracket that something opened is left as printed.
    assert mend_recipient("Ban [TK] (để biết)") == "Ban [TK] (để biết)"
