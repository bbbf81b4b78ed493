"""Scans read as people see them: debris-heavy OCR readings and noise around the signature."""

from __future__ import annotations

from tincoso.documents.ocr import garbled
from tincoso.documents.parser import parse_text
from tincoso.documents.text_quality import syllable_counts

HEADER = """BỘ TÀI CHÍNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/BTC-NSNN
Hà Nội, ngày 3 tháng 2 năm 2026
V/v góp ý dự thảo thông tư
Kính gửi: Các sở, ngành.
Đề nghị các đơn vị góp ý và gửi lại trước ngày 20/2/2026./.
"""

PROSE = "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về việc tổ chức hội nghị tổng kết " * 4


def test_words_and_debris_are_counted_apart() -> None:
    good, bad = syllable_counts("Kính gửi: UBND các tỉnh, 93/NQ-CP q3` m0© tØ ^›")
    # Five words (an abbreviation among them); tokens with digits are not judged.
    assert (good, bad) == (5, 2)
    assert not garbled(PROSE)


def test_a_reading_full_of_debris_is_garbled_and_a_stamp_is_not() -> None:
    debris = " ".join(["q3`", "'Ơz", "(q", "m0©", "tØ", "^›", "@"] * 3)
    assert garbled(f"{PROSE} {debris}")
    # A few marks off a seal or a signature on a short page are no reason to read it again.
    assert not garbled("Nơi nhận: - Như trên; KT. BỘ TRƯỞNG ¿` ~~ @ Nguyễn Văn Long")


def test_the_signing_block_is_found_past_a_qr_code_under_the_list() -> None:
    doc = parse_text(
        HEADER
        + """Nơi nhận:
- Như trên;
- Lưu: VT, NSNN.
N -
n _T
m "th
Mã QR đính kèm tài liệu
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
7
Nguyễn¿ Văn Long
"""
    )
    assert doc.recipients == ["Như trên", "Lưu: VT, NSNN"]
    assert doc.signing_authority == "KT. BỘ TRƯỞNG"
    assert doc.signer_title == "THỨ TRƯỞNG"
    assert doc.signer_name == "Nguyễn Văn Long"


def test_a_body_line_after_the_list_is_not_taken_for_a_signature() -> None:
    doc = parse_text(
        HEADER
        + """Nơi nhận:
- Như trên;
- Lưu: VT.
Ghi chú: gửi kèm dự thảo.
"""
    )
    assert doc.signer_name is None and doc.signing_authority is None


ILLEGIBLE = """BỘ TÀI CHÍNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 4Ÿ§ /BTC-NSNN
Hà Nội, ngày 3 tháng 2 năm 2026
V/v góp ý dự thảo thông tư
Kính gửi: Các sở, ngành.
Đề nghị góp ý theo Phụ lục kèm theo và Quyết định số 12/QĐ-BTC./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Trần Văn Minh
PHỤ LỤC
"""


def test_a_handwritten_number_is_read_from_the_appendix_that_names_the_document() -> None:
    doc = parse_text(ILLEGIBLE + "(Kèm theo Công văn số: 457/BTC-NSNN ngày 3 tháng 2 năm 2026)\n")
    assert (doc.number, doc.symbol) == ("457", "457/BTC-NSNN")
    assert doc.references == ["12/QĐ-BTC"]  # its own symbol is no reference


def test_an_attached_document_with_other_codes_does_not_lend_its_number() -> None:
    doc = parse_text(ILLEGIBLE + "(Kèm theo Tờ trình số 88/TTr-BTC ngày 1 tháng 2 năm 2026)\n")
    assert doc.number is None and doc.symbol is None


def test_marks_misread_inside_set_phrases_are_put_right() -> None:
    from tincoso.documents.parser.phrases import mend_phrases

    assert mend_phrases("Luật sửa đôi, bổ sung") == "Luật sửa đổi, bổ sung"
    assert mend_phrases("Công thông tin điện tử") == "Cổng thông tin điện tử"
    assert mend_phrases("PHÓ TÔNG BIỂN TẬP") == "PHÓ TỔNG BIÊN TẬP"
    assert mend_phrases("Tỏ công tác liên ngành") == "Tổ công tác liên ngành"
    assert mend_phrases("tín dụng đôi với người") == "tín dụng đối với người"


def test_phrases_spelt_right_or_in_the_old_style_are_left_alone() -> None:
    from tincoso.documents.parser.phrases import mend_phrases

    for text in (
        "Uỷ ban nhân dân",
        "hoà nhập cộng đồng",
        "đông đảo người dân",
        "công, đồng",
        # real phrases that fold like a lexicon phrase
        "Thủ trưởng cơ quan",
        "cộng đồng chỉ đạo",
        "thay đổi với",
        "cơ sở kết nối",
        "văn bản hành chính",
    ):
        assert mend_phrases(text) == text


def test_a_scanned_title_and_list_get_their_phrases_right() -> None:
    doc = parse_text(
        HEADER.replace("góp ý dự thảo thông tư", "góp ý dự thảo Luật sửa đôi, bổ sung")
        + "Nơi nhận:\n- Như trên;\n- Công thông tin điện tử;\n- Lưu: VT.\n"
        + "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn Minh\n"
    )
    assert doc.title == "V/v góp ý dự thảo Luật sửa đổi, bổ sung"
    assert doc.recipients == ["Như trên", "Cổng thông tin điện tử", "Lưu: VT"]


def test_a_v_v_read_with_a_mark_before_and_its_second_v_lost_is_the_trich_yeu() -> None:
    doc = parse_text(HEADER.replace("V/v góp ý", "'V/ góp ý"))
    assert doc.doc_type == "Công văn"
    assert doc.title == "V/v góp ý dự thảo thông tư"


def test_a_signers_surname_gets_its_marks_back() -> None:
    from tincoso.documents.parser.surnames import mend_surname

    assert mend_surname("Nguyên Văn Long") == "Nguyễn Văn Long"
    assert mend_surname("Tràn Thị Hà") == "Trần Thị Hà"
    assert mend_surname("Lê Minh") == "Lê Minh"  # a surname already
    assert mend_surname("Chế Linh") == "Chế Linh"  # no common surname folds so


def test_stray_capitals_under_the_signers_title_are_no_part_of_it() -> None:
    doc = parse_text(
        HEADER + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nT/M BAN BIÊN TẬP\nPHÓ TỔNG BIÊN TẬP\nLẺ\n"
        "Trần Văn Minh\n"
    )
    assert doc.signer_title == "PHÓ TỔNG BIÊN TẬP"
    assert doc.signer_name == "Trần Văn Minh"


def test_a_closing_tw_in_the_issuers_name_is_written_out() -> None:
    from tincoso.documents.parser.issuer import expand_abbreviations

    assert expand_abbreviations("Tổ công tác liên ngành TW") == (
        "Tổ công tác liên ngành Trung ương"
    )
    assert expand_abbreviations("TW Đoàn") == "TW Đoàn"  # only the closing word
