"""The grammar read through OCR damage of scans: synthetic pages, not corpus files."""

from __future__ import annotations

from tincoso.documents.parser import parse_text
from tincoso.documents.parser.repair import mend_place_names

# A Công văn as Tesseract reads a signed scan: the number written by hand comes back
# as stray marks, the right column follows the left, the day is misread.
SCANNED_CONG_VAN = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Só/#t2đ# /UBND-KT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 4ô tháng 9 năm 2025
V/v triển khai kế hoạch chuyển đổi số
năm 2025 của tỉnh Bắc Nình
Kính gửi: Sở Tài chính
Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, KT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
:
th 2270/5
ST —`” ¿`_———.— ỐC
ừ
Trần Văn Bình
"""


def test_a_number_line_with_an_illegible_handwritten_number_is_still_the_number_line():
    doc = parse_text(SCANNED_CONG_VAN)
    assert doc.number is None and doc.symbol is None
    assert doc.issuer == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert doc.doc_type == "Công văn"


def test_the_vv_title_is_found_past_the_quoc_hieu_read_after_the_number():
    doc = parse_text(SCANNED_CONG_VAN)
    assert doc.title == "V/v triển khai kế hoạch chuyển đổi số năm 2025 của tỉnh Bắc Ninh"


def test_a_misread_day_leaves_the_date_empty_and_keeps_the_place():
    doc = parse_text(SCANNED_CONG_VAN)
    assert doc.date is None and doc.place == "Bắc Ninh"


def test_a_signature_read_as_stray_marks_does_not_hide_the_name():
    doc = parse_text(SCANNED_CONG_VAN)
    assert doc.signing_authority == "TL. CHỦ TỊCH"
    assert doc.signer_title == "CHÁNH VĂN PHÒNG"
    assert doc.signer_name == "Trần Văn Bình"


def test_province_names_misread_by_ocr_are_spelt_right_in_the_printed_case():
    assert mend_place_names("CÔNG AN TỈNH LÂM ĐÒNG") == "CÔNG AN TỈNH LÂM ĐỒNG"
    assert mend_place_names("Ủy ban nhân dân tỉnh Lâm Đông") == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert mend_place_names("Hội đồng nhân dân thành phố Huế") == "Hội đồng nhân dân thành phố Huế"
    # Only whole names: a longer word that folds the same way is left alone.
    assert mend_place_names("Lâm Đồngxyz") == "Lâm Đồngxyz"


def test_a_vv_read_as_vy_opens_the_trich_yeu():
    text = SCANNED_CONG_VAN.replace("V/v triển khai", "Vy triển khai")
    doc = parse_text(text)
    assert doc.doc_type == "Công văn"
    assert doc.title is not None and doc.title.startswith("V/v triển khai kế hoạch")


def test_a_signer_title_misread_in_its_marks_is_spelt_from_the_known_titles():
    from tincoso.documents.parser.repair import mend_signing_title

    assert mend_signing_title("GIÁM ĐÓC") == "GIÁM ĐỐC"
    assert mend_signing_title("PHÓ GIÁM ĐÔC") == "PHÓ GIÁM ĐỐC"
    assert mend_signing_title("THỪ TRƯỜNG") == "THỨ TRƯỞNG"
    assert mend_signing_title("CHUYÊN VIÊN CAO CẤP") == "CHUYÊN VIÊN CAO CẤP"  # not listed
    doc = parse_text(SCANNED_CONG_VAN.replace("CHÁNH VĂN PHÒNG", "GIÁM ĐÓC"))
    assert doc.signer_title == "GIÁM ĐỐC"


def test_an_unreadable_header_date_falls_back_to_the_e_signature_date():
    text = SCANNED_CONG_VAN.replace(
        "CỘNG HÒA XÃ HỘI",
        "Ký bởi: UBND tỉnh Bắc Ninh\nGiờ ký: 30/09/2025 17:58:22\nCỘNG HÒA XÃ HỘI",
    )
    assert parse_text(text).date == "2025-09-30"
    iso = SCANNED_CONG_VAN.replace(
        "CỘNG HÒA XÃ HỘI", "Thời gian ký: 2025-10-01T17:08:18+07:00\nCỘNG HÒA XÃ HỘI"
    )
    assert parse_text(iso).date == "2025-10-01"
    # A readable header date wins over the signing time.
    readable = text.replace("ngày 4ô tháng", "ngày 29 tháng")
    assert parse_text(readable).date == "2025-09-29"


PLAN_WITH_STAMP = """BỘ CÔNG AN
TỔ CÔNG TÁC LIÊN NGÀNH
Số: 12/KH-TCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 24 tháng 2 năm 2026
A644
02 J.Q%6
KÉẺ HOẠCH
Phối hợp kiểm soát các hoạt động năm 2026
Thực hiện Nghị định số 105/2021/NĐ-CP, Tổ công tác ban hành Kế hoạch./.
"""


def test_a_heading_is_found_past_stamp_noise_and_a_doubled_vowel():
    doc = parse_text(PLAN_WITH_STAMP)
    assert doc.doc_type == "Kế hoạch"
    assert doc.title == "Phối hợp kiểm soát các hoạt động năm 2026"


def test_a_tổ_công_tác_under_its_ministry_is_the_issuer():
    doc = parse_text(PLAN_WITH_STAMP)
    assert (doc.issuer or "").lower() == "tổ công tác liên ngành"
    assert doc.parent_issuer == "Bộ Công an"


def test_an_unreadable_number_does_not_swallow_the_vv_line_under_it():
    text = """BỘ CÔNG AN
CỤC CẢNH SÁT GIAO THÔNG
Số: 3 3#/C08-P6
V/v chuẩn bị tổ chức triển khai
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 8 năm 2025
Kính gửi: Công an các tỉnh
Cục Cảnh sát giao thông đề nghị triển khai./.
"""
    doc = parse_text(text)
    assert doc.doc_type == "Công văn"
    assert doc.title == "V/v chuẩn bị tổ chức triển khai"


COMMUNE_PLAN = """ỦY BAN MTTQ VIỆT NAM
XÃ TÂN HÒA
BAN THƯỜNG TRỰC
Số: 16/KH-MTTQ-BTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Hòa, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
Thực hiện công tác bầu cử
Ban Thường trực triển khai như sau./.
"""


def test_a_standing_board_is_named_with_its_committee_written_out():
    doc = parse_text(COMMUNE_PLAN)
    assert doc.parent_issuer == "Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Hòa"
    assert doc.issuer == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Hòa"


def test_a_sub_board_under_its_committee_is_its_own_body():
    text = COMMUNE_PLAN.replace(
        "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN HÒA\nBAN THƯỜNG TRỰC",
        "ỦY BAN BẦU CỬ XÃ TÂN HÒA\nTIỂU BAN THÔNG TIN, TUYÊN TRUYỀN",
    )
    doc = parse_text(text)
    assert (doc.issuer or "").lower() == "tiểu ban thông tin, tuyên truyền"
    assert (doc.parent_issuer or "").lower() == "ủy ban bầu cử xã tân hòa"


def test_a_unit_code_in_brackets_belongs_to_the_symbol_and_a_doubled_đ_is_one():
    from tincoso.documents.parser.references import canonical, parse_symbol

    found = parse_symbol("Số: 409/TTr-CAT(PC04)")
    assert found is not None and found[0] == "409/TTr-CAT(PC04)"
    assert canonical("2307/QĐĐ-UBND") == "2307/QĐ-UBND"
    assert canonical("399-QĐĐ/TW") == "399-QĐ/TW"


def test_a_date_line_with_ocr_marks_is_still_read():
    for printed, want in (
        ("Bắc Ninh, ngày II tháng 09 năm 2025", "2025-09-11"),
        ("Bắc Ninh, ngàyQ2 27 tháng, 5 năm 2026", "2026-05-27"),
    ):
        doc = parse_text(SCANNED_CONG_VAN.replace("Bắc Ninh, ngày 4ô tháng 9 năm 2025", printed))
        assert doc.date == want, printed


def test_a_trich_yeu_opening_with_thực_hiện_is_told_from_the_body_by_its_blank_line():
    text = COMMUNE_PLAN.replace(
        "Thực hiện công tác bầu cử\n",
        "Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI\nvà bầu cử đại biểu"
        " Hội đồng nhân dân các cấp\n\nCăn cứ Luật Bầu cử;\n",
    )
    doc = parse_text(text)
    assert doc.title == (
        "Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI và bầu cử đại biểu"
        " Hội đồng nhân dân các cấp"
    )
    # A body paragraph right under the heading is no title.
    body = COMMUNE_PLAN.replace(
        "Thực hiện công tác bầu cử\n", "Thực hiện Công văn số 12/UBND-VX, Ban báo cáo như sau:\n\n"
    )
    assert parse_text(body).title is None


def test_a_rank_before_the_signers_name_is_not_part_of_it():
    for printed in (
        "Thiếu tướng Trần Văn Bình",
        "tướng Trần Văn Bình",
        "Đại tá Trần Văn Bình",
        "Thiểu tướng Trần Văn Bình",  # a mark misread
    ):
        doc = parse_text(SCANNED_CONG_VAN.replace("Trần Văn Bình", printed))
        assert doc.signer_name == "Trần Văn Bình", printed


PARTY_SCAN = """TỈNH ỦY BẮC NINH
_
BAN TUYÊN GIÁO
x
ĐẢNG CỘNG SẢN VIỆT NAM
Số |lÖ -CV/BTGTU
Về việc cử cán bộ tham gia
tổ thư ký, giúp việc.
Bắc Ninh, ngàyÚ®tháng 9 năm 2025
Kính gửi: Sở Nội vụ.
Ban Tuyên giáo cử đồng chí tham gia./.
"""


def test_a_stray_mark_inside_the_header_does_not_cut_off_the_issuer():
    doc = parse_text(PARTY_SCAN)
    assert (doc.issuer or "").lower() == "ban tuyên giáo tỉnh ủy bắc ninh"
    assert (doc.parent_issuer or "").lower() == "tỉnh ủy bắc ninh"


def test_the_type_code_of_a_symbol_with_an_unreadable_number_gives_the_type():
    assert parse_text(PARTY_SCAN).doc_type == "Công văn"
    plan = SCANNED_CONG_VAN.replace("/UBND-KT", "/KH-UBND").replace("V/v triển khai", "triển khai")
    assert parse_text(plan).doc_type == "Kế hoạch"


def test_về_việc_spelled_out_under_the_number_is_the_trích_yếu():
    doc = parse_text(PARTY_SCAN)
    assert doc.title == "Về việc cử cán bộ tham gia tổ thư ký, giúp việc"


def test_words_glued_by_ocr_are_split_into_the_documents_syllables():
    from collections import Counter

    from tincoso.documents.parser.repair import split_glued_words

    counts = Counter({"tinh": 6, "uy": 5, "bac": 3, "ninh": 4, "ban": 9})
    assert split_glued_words("TỈNHỦYBẮCNINH", counts) == "TỈNH ỦY BẮC NINH"
    # A word the document uses, or one that cannot be cut into its words, stays.
    assert split_glued_words("TỈNHỦYBẮCNINH", counts + Counter({"tinhuybacninh": 3})) == (
        "TỈNHỦYBẮCNINH"
    )
    assert split_glued_words("XYZWVUTS", counts) == "XYZWVUTS"


def test_a_header_glued_and_shared_with_the_quoc_hieu_gives_issuer_and_parent():
    text = """BỘCÔNG AN. CỘNG HÒA XÃ HỘI CHỦ NGHĨA
_CÔNG AN TỈNH BẮC NINH
Số: 12/TTr-CAT
Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 12 tháng 3 năm 2025
TỜ TRÌNH
Về việc đề nghị ban hành kế hoạch
Công an tỉnh Bắc Ninh kính trình./.
"""
    doc = parse_text(text)
    assert doc.issuer == "Công an tỉnh Bắc Ninh"
    assert doc.parent_issuer == "Bộ Công an"


def test_a_heading_below_a_left_column_line_read_before_it_is_found():
    text = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 12-QĐ/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 26 tháng 5 năm 2025
- Căn cứ Điều lệ Đảng;
QUY ĐỊNH
THI HÀNH ĐIỀU LỆ ĐẢNG
- Căn cứ Quy chế làm việc của Ban Chấp hành Trung ương;
BAN CHẤP HÀNH TRUNG ƯƠNG QUY ĐỊNH
Điều 1. Phạm vi.
"""
    doc = parse_text(text)
    assert doc.doc_type == "Quy định"
    assert doc.title == "Thi hành Điều lệ Đảng"


def test_a_ministry_and_an_authority_misread_in_their_marks_are_spelt_right():
    from tincoso.documents.parser.repair import mend_authority, mend_body_name

    assert mend_body_name("Bọ cóng an") == "Bộ Công an"
    assert mend_body_name("Bộ Công an tỉnh") == "Bộ Công an tỉnh"  # not a whole name: left
    assert mend_authority("KT. BỌ TRƯƠNG") == "KT. BỘ TRƯỞNG"
    assert mend_authority("TM. ỦY BAN NHÂN DÂN") == "TM. ỦY BAN NHÂN DÂN"


def test_a_title_word_misread_in_its_marks_is_spelt_as_the_body_spells_it():
    from tincoso.documents.parser.repair import mend_by_context

    body = "Hòa nhập cộng đồng.\nXây dựng cộng\nđồng an toàn.\nMột cộng đông."
    assert mend_by_context("Hỗ trợ cộng đông", body) == "Hỗ trợ cộng đồng"
    # As often one way as the other: left as read.
    tie = "cộng đồng, cộng đông, cộng đông, cộng đồng"
    assert mend_by_context("Hỗ trợ cộng đông", tie) == "Hỗ trợ cộng đông"


def test_a_title_word_kept_when_the_word_after_it_disagrees():
    from tincoso.documents.parser.repair import mend_by_context

    body = "kết thúc năm học; kết thúc đợt; tổng kết thực hiện; thực hiện tốt."
    assert mend_by_context("Tổng kết thực hiện", body) == "Tổng kết thực hiện"


def test_recipients_with_ocr_bullets_and_marks_are_read_item_by_item():
    text = SCANNED_CONG_VAN.replace(
        "- Như trên;\n- Lưu: VT, KT.",
        "~ Như trên; z\n_ Bộ trưởng (để b/c); ~ Cổng thông tin điện tử (để đăng tải);"
        "\n-\n- Lưu: VT, KT.",
    )
    assert parse_text(text).recipients == [
        "Như trên",
        "Bộ trưởng (để b/c)",
        "Cổng thông tin điện tử (để đăng tải)",
        "Lưu: VT, KT",
    ]


def test_a_letter_or_two_left_of_the_signature_is_not_part_of_the_title():
    text = SCANNED_CONG_VAN.replace("CHÁNH VĂN PHÒNG\n", "CHÁNH VĂN PHÒNG\nHN\n")
    doc = parse_text(text)
    assert doc.signer_title == "CHÁNH VĂN PHÒNG"
    assert doc.signer_name == "Trần Văn Bình"


def test_the_vv_is_found_past_the_e_signature_box_read_under_the_number():
    text = SCANNED_CONG_VAN.replace(
        "CỘNG HÒA XÃ HỘI",
        "Ký bởi: UBND tỉnh Bắc Ninh\nGiờ ký: 30/09/2025 17:58:22\nCỘNG HÒA XÃ HỘI",
    )
    doc = parse_text(text)
    assert doc.doc_type == "Công văn"
    assert doc.title is not None and doc.title.startswith("V/v triển khai kế hoạch")


def test_a_vv_cut_by_the_right_column_goes_on_after_the_date():
    text = """BỘ CÔNG AN
CỤC CẢNH SÁT GIAO THÔNG
Số: 12/C08-P6
V/v chuẩn bị tổ chức triển khai
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 8 năm 2025
Chương trình an toàn giao thông
-_ đến năm 2030
4046...
Kính gửi: Công an các tỉnh
Cục Cảnh sát giao thông đề nghị triển khai./.
"""
    doc = parse_text(text)
    assert (
        doc.title == "V/v chuẩn bị tổ chức triển khai Chương trình an toàn giao thông đến năm 2030"
    )
    # A V/v that ended before the body is not lengthened by what follows the date.
    plain = text.replace("CỘNG HÒA", "Kính gửi: Công an các tỉnh\nCỘNG HÒA", 1)
    assert parse_text(plain).title == "V/v chuẩn bị tổ chức triển khai"


def test_recipients_read_off_a_scan_take_the_fixed_parts_of_the_list() -> None:
    text = SCANNED_CONG_VAN.replace(
        "- Như trên;\n",
        "- Nhưtrên;\n- _ Đ/c Bộ trưởng (đẻ b/e);\n- Công an tỉnh Lâm Đông (đê p/h);\n"
        "- Sở Tư pháp (đề nghị góp ý);\n",
    ).replace("- Lưu: VT, KT.", "- Lưu: VT, KT (2). 4®")
    assert parse_text(text).recipients == [
        "Như trên",
        "Đ/c Bộ trưởng (để b/c)",
        "Công an tỉnh Lâm Đồng (để p/h)",
        "Sở Tư pháp (đề nghị góp ý)",
        "Lưu: VT, KT (2)",
    ]


def test_a_word_tesseract_read_twice_in_overlapping_lines_is_kept_once() -> None:
    from tincoso.documents.ocr import _without_doubles

    boxes = [
        (93.0, "báo", (668, 1658, 691, 1679)),
        (96.0, "cáo);", (761, 1658, 777, 1684)),
        (96.5, "báo", (668, 1654, 707, 1690)),  # the same word from a second line
        (90.0, "TRƯỞNG", (1200, 1650, 1380, 1690)),
    ]
    assert [text for _, text, _ in _without_doubles(boxes)] == ["cáo);", "báo", "TRƯỞNG"]


def test_a_title_word_misread_next_to_a_comma_takes_the_texts_spelling() -> None:
    text = SCANNED_CONG_VAN.replace(
        "V/v triển khai kế hoạch chuyển đổi số\nnăm 2025 của tỉnh Bắc Nình",
        "V/v triển khai Chương trình phỏng, chông ma túy",
    ).replace(
        "Ủy ban nhân dân tỉnh giao",
        "Chương trình phòng, chống ma túy; Chương trình phòng, chống tội phạm."
        "\nỦy ban nhân dân tỉnh giao",
    )
    # "chông" after a comma is mended first; then "phỏng" has its evidence.
    assert parse_text(text).title == "V/v triển khai Chương trình phòng, chống ma túy"


def test_a_bare_number_line_over_a_v_v_cut_by_the_e_signature_box() -> None:
    # The number written by hand reads as nothing; the e-signature box is read
    # between the V/v's lines, and the V/v goes on after the date.
    text = """BỘ NGOẠI GIAO
Số:
V/w xin ý kiến đối với dự thảo Luật sửa đổi,
Ký bởi: BỘ NGOẠI GIAO
Email: ttll@mofa.gov.vn
Ngày ký: 16-07-2025 11:15:13 +07:00
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 7 năm 2025
bổ sung một số điều của Luật Điều ước quốc tế
Kính gửi: Các Bộ, cơ quan ngang Bộ
Bộ Ngoại giao xin ý kiến./.
"""
    doc = parse_text(text)
    assert doc.doc_type == "Công văn"
    assert doc.title == (
        "V/v xin ý kiến đối với dự thảo Luật sửa đổi, bổ sung một số điều của Luật Điều ước quốc tế"
    )
    assert doc.number is None
