"""The parser's footer (Nơi nhận, signing block), references and command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tincoso.documents.parser import parse_text
from tincoso.documents.parser.cli import main, read_document
from tincoso.documents.parser.references import canonical, find_references

REPO = Path(__file__).resolve().parents[3]

HEADER = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 63/2025/QĐ-UBND
Đồng Nai, ngày 18 tháng 11 năm 2025

QUYẾT ĐỊNH
PHÂN CẤP CHO SỞ TƯ PHÁP

Điều 1. Nội dung phân cấp./.

"""


def _doc(footer: str) -> str:
    return HEADER + footer


# --- Nơi nhận ------------------------------------------------------------------------


def test_recipients_join_wrapped_lines_and_drop_dashes_and_trailing_punctuation():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Như Điều 5;\n- VPCP: BTCN, các PCN, Cổng TTĐTCP,\n"
            "Trợ lý của PTTgCP;\ncác Vụ: CN, KTTH;\n- Bộ Chính trị, Ban Bí thư (để báo\ncáo),\n"
            "- Lưu: VT, HCC.\n|\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVõ Tấn Đức\n"
        )
    )
    assert doc.recipients == [
        "Như Điều 5",
        "VPCP: BTCN, các PCN, Cổng TTĐTCP, Trợ lý của PTTgCP; các Vụ: CN, KTTH",
        "Bộ Chính trị, Ban Bí thư (để báo cáo)",
        "Lưu: VT, HCC",
    ]


def test_the_copies_note_under_the_lưu_line_is_folded_into_it():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Như Điều 5;\n- Lưu: VT, HCC, NC.\nHuy (23 bản)\n|\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVõ Tấn Đức\n"
        )
    )
    assert doc.recipients == ["Như Điều 5", "Lưu: VT, HCC, NC. Huy (23 bản)"]
    doc = parse_text(
        _doc("Nơi nhận:\n- Lưu: VT, CT.\n08 KH\n|\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Chí Hùng\n")
    )
    assert doc.recipients == ["Lưu: VT, CT. 08 KH"]


def test_recipient_items_broken_right_after_the_dash_are_rejoined():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n-\nNhư Điều 3;\n- Lãnh\nđạo KTNN;\n- Lưu:\nVT, Vụ TCCB.\n"
            "|\nTỔNG KIỂM TOÁN NHÀ\nNƯỚC\nNgô\nVăn Tuấn\n|\n"
        )
    )
    assert doc.recipients == ["Như Điều 3", "Lãnh đạo KTNN", "Lưu: VT, Vụ TCCB"]
    assert doc.signer_title == "TỔNG KIỂM TOÁN NHÀ NƯỚC"
    assert doc.signer_name == "Ngô Văn Tuấn"
    assert doc.signing_authority is None


def test_a_missing_footer_marks_the_copy_truncated():
    doc = parse_text(HEADER + "Điều 2. Quyết định này có hiệu lực")
    assert doc.truncated is True
    assert doc.recipients is None and doc.signer_name is None


# --- signing block --------------------------------------------------------------------


def test_it_reads_two_signing_authority_levels_and_the_title():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Lưu: VT.\n|\nTM. ỦY BAN\nNHÂN DÂN\nKT. CHỦ TỊCH\n"
            "PHÓ CHỦ TỊCH\nTống Thanh Hải\n"
        )
    )
    assert doc.signing_authority == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    assert doc.signer_title == "PHÓ CHỦ TỊCH"
    assert doc.signer_name == "Tống Thanh Hải"


def test_an_authority_line_ending_with_a_comma_goes_on_to_the_next_line():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Lưu: VT.\n|\nKT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nPhạm Mạnh Cường\n"
        )
    )
    assert doc.signing_authority == "KT. BỘ TRƯỞNG, CHỦ NHIỆM"
    assert doc.signer_title == "PHÓ CHỦ NHIỆM"
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Lưu VT, CS\n|\nTL. CỤC TRƯỞNG\n"
            "KT. TRƯỞNG BAN BAN CHÍNH SÁCH,\nTHUẾ QUỐC TẾ\nNguyễn Thị Thanh Hằng\n"
        )
    )
    assert doc.signing_authority == ("TL. CỤC TRƯỞNG / KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ")
    assert doc.signer_title is None


def test_it_reads_party_signing_markers():
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Lưu Văn phòng Trung ương Đảng.\n|\nK/T CHÁNH\n"
            "VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nLê Khánh Toàn\n"
        )
    )
    assert doc.signing_authority == "K/T CHÁNH VĂN PHÒNG"
    assert doc.signer_title == "PHÓ CHÁNH VĂN PHÒNG"
    doc = parse_text(_doc("Nơi nhận:\n- Lưu.\n|\nT/M BỘ CHÍNH\nTRỊ\nTrần Cẩm Tú\n"))
    assert doc.signing_authority == "T/M BỘ CHÍNH TRỊ"
    assert doc.signer_title is None
    assert doc.signer_name == "Trần Cẩm Tú"


def test_the_first_title_line_is_the_signers_title_when_two_are_printed():
    doc = parse_text(_doc("Nơi nhận:\n- Lưu: VT.\n|\nTRƯỞNG BAN\nPHÓ THỦ TƯỚNG\nMai Văn Chính\n"))
    assert doc.signer_title == "TRƯỞNG BAN"
    assert doc.signing_authority is None


def test_it_reads_a_signature_printed_above_the_nơi_nhận_list():
    doc = parse_text(
        _doc(
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n(Đã ký)\n\nLê Văn Hai\n\n"
            "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
        )
    )
    assert doc.signer_name == "Lê Văn Hai"
    assert doc.signing_authority == "KT. CHỦ TỊCH"
    assert doc.recipients == ["Như Điều 3", "Lưu: VT"]


def test_an_appendix_after_the_signature_does_not_replace_the_documents_own_fields():
    appendix = (
        "\n\nPHỤ LỤC\n(Kèm theo Quyết định số 63/2025/QĐ-UBND ngày 18/11/2025)\n"
        "Căn cứ Quyết định số 2310/QĐ-BNNMT.\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Số .../CN\nHà Nội, ngày ... tháng ... năm ...\n\nGIẤY CHỨNG NHẬN\n"
        "Nơi nhận:\n- Học viên.\nGIÁM ĐỐC\nNguyễn Văn Khác\n"
    )
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Như Điều 5;\n- Lưu: VT.\n|\nTM. ỦY BAN NHÂN DÂN\n"
            "CHỦ TỊCH\nVõ Tấn Đức\n|" + appendix
        )
    )
    assert doc.system == "state"
    assert doc.symbol == "63/2025/QĐ-UBND"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert doc.signer_name == "Võ Tấn Đức"
    assert doc.recipients == ["Như Điều 5", "Lưu: VT"]
    assert doc.references == ["2310/QĐ-BNNMT"]  # the own symbol in the appendix is excluded


# --- references ------------------------------------------------------------------------


def test_references_are_deduplicated_in_order_of_first_appearance():
    text = (
        "Căn cứ Luật số 72/2025/QH15; Nghị định số 19/2011/NĐ-CP; "
        "Quyết định số 2813/QĐ-UBND; lại Luật số 72/2025/QH15 và Kết luận số 21-KL/TW."
    )
    assert find_references(text, None) == [
        "72/2025/QH15",
        "19/2011/NĐ-CP",
        "2813/QĐ-UBND",
        "21-KL/TW",
    ]


def test_references_exclude_the_documents_own_symbol():
    text = "Kèm theo Quyết định số 2813/QĐ-UBND; căn cứ Nghị quyết số 66/NQ-CP."
    assert find_references(text, "2813/QĐ-UBND") == ["66/NQ-CP"]


def test_a_shared_party_symbol_list_counts_as_two_references():
    text = "Thực hiện các Kết luận số 187, 188- KL/TW ngày 14/02/2025, số 127-KL/TW."
    assert find_references(text, None) == ["187-KL/TW", "188-KL/TW", "127-KL/TW"]


def test_references_read_spaced_and_ocr_damaged_symbols_canonically():
    text = (
        "Chỉ thị 07 - CT/TW; Quyết định số 52/2006/QD-TTg; Kết luận số 445-KL/TƯ; "
        "Nghị quyết 57/NQ-TW; Quyết định số 769/TTg ngày 18/9/1997."
    )
    assert find_references(text, None) == [
        "07-CT/TW",
        "52/2006/QĐ-TTg",
        "445-KL/TU",
        "57-NQ/TW",
        "769/TTg",
    ]


def test_references_skip_form_codes_dates_and_unsymbolled_laws():
    text = (
        "Theo Mẫu số 01/TB-TTCS; Luật Giá ngày 19 tháng 6 năm 2023; ngày 22/12/2024; "
        "mưa 100-150mm; Công văn số 1879-CV/BTGVTW."
    )
    assert find_references(text, None) == ["1879-CV/BTGVTW"]


def test_canonical_symbols_drop_spaces_and_fix_ocr():
    assert canonical("30 - HD/BTG") == "30-HD/BTG"
    assert canonical("12/QD-UBND") == "12/QĐ-UBND"
    assert canonical("11-QĐi/TW") == "11-QĐi/TW"


# --- command line ----------------------------------------------------------------------


def test_the_cli_prints_one_json_object_per_file_in_input_order(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(_doc("Nơi nhận:\n- Lưu: VT.\n|\nCHỦ TỊCH\nVõ Tấn Đức\n"), encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("", encoding="utf-8")
    assert main([str(a), str(b), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["symbol"] == "63/2025/QĐ-UBND"
    assert first["date"] == "2025-11-18"
    for key in (
        "system",
        "doc_type",
        "number",
        "symbol",
        "symbol_printed",
        "issuer",
        "parent_issuer",
        "place",
        "date",
        "title",
        "addressees",
        "references",
        "recipients",
        "signer_name",
        "signer_title",
        "signing_authority",
        "truncated",
        "confidence",
    ):
        assert key in first
    assert "Đ" in lines[0]  # ensure_ascii=False


def test_an_unreadable_file_prints_an_error_object_and_exits_1(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(HEADER, encoding="utf-8")
    assert main([str(tmp_path / "missing.txt"), str(good), "--json"]) == 1
    lines = capsys.readouterr().out.splitlines()
    err = json.loads(lines[0])
    assert "error" in err and err["symbol"] is None and err["issuer"] is None
    assert json.loads(lines[1])["symbol"] == "63/2025/QĐ-UBND"


def test_the_cli_reads_utf16_and_windows_1258_files(tmp_path):
    u16 = tmp_path / "u16.txt"
    u16.write_bytes(HEADER.encode("utf-16"))
    assert read_document(u16) == HEADER
    cp = tmp_path / "cp.txt"
    # cp1258 writes tones as combining marks: "ố" is "ô" + U+0301.
    cp.write_bytes("S\u00f4\u0301: 63/2025/QĐ-UBND\nĐ\u00f4\u0300ng Nai".encode("cp1258"))
    assert parse_text(read_document(cp)).symbol == "63/2025/QĐ-UBND"


def test_the_cli_prints_a_readable_block_without_json(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(HEADER, encoding="utf-8")
    assert main([str(a)]) == 0
    out = capsys.readouterr().out
    assert "symbol" in out and "63/2025/QĐ-UBND" in out
    assert main([]) == 2


def test_python_dash_m_runs_the_cli(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(HEADER, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tincoso.documents.parser", str(a), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["symbol"] == "63/2025/QĐ-UBND"


def _attached_draft(addressee: str) -> str:
    return (
        "\n\nBỘ NGOẠI GIAO\nSố /TTr-BNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày tháng 7 năm 2025\nTỜ TRÌNH\n"
        f"về dự thảo Luật sửa đổi\nKính gửi: {addressee}\n"
        "Thực hiện Nghị quyết số 66-NQ/TW và Nghị định số 78/2025/NĐ-CP.\n"
    )


def test_an_attached_draft_not_yet_numbered_but_addressed_is_another_document() -> None:
    signed = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n|\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVõ Tấn Đức\n|"
    doc = parse_text(_doc(signed + _attached_draft("Chính phủ.")))
    assert "66-NQ/TW" not in doc.references and "78/2025/NĐ-CP" not in doc.references
    # A blank form in the document's own phụ lục ("Kính gửi: ......") is still its text.
    doc = parse_text(_doc(signed + _attached_draft("..............")))
    assert "66-NQ/TW" in doc.references


def test_a_list_whose_label_ocr_lost_is_found_by_its_closing_lưu_item() -> None:
    doc = parse_text(
        _doc(
            "nIBDE TC AIDS, MT (để b/c); THÊOI23 TẾTÔ TƯTRƯỞN\n"
            "- UBND các tỉnh, thành phố (để báo cáo);\n- Vụ KGVX, Văn phòng Chính phủ;\n"
            "- Lưu: VT, P5.\n` 7\nPHÓ CỤC TRƯỞNG\nĐại tá Bùi Duy Hưng\n"
        )
    )
    assert doc.recipients is not None
    assert doc.recipients[1:] == [
        "UBND các tỉnh, thành phố (để báo cáo)",
        "Vụ KGVX, Văn phòng Chính phủ",
        "Lưu: VT, P5",
    ]
    assert doc.signer_name == "Bùi Duy Hưng"


def test_a_table_read_after_the_lưu_item_is_not_part_of_it() -> None:
    doc = parse_text(
        _doc(
            "Nơi nhận:\n- Như trên;\n- Lưu VT.\nCấp bậc/chức vụ Đơn vị công tác | Số điện thoại\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVõ Tấn Đức\n"
        )
    )
    assert doc.recipients == ["Như trên", "Lưu VT"]
    assert doc.signer_name == "Võ Tấn Đức"
