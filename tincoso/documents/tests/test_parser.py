"""The document parser against the labelled corpus, and its header rules.

Plain functions, no database: the parser is pure Python and must not need Django.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tincoso.documents.parser import ParsedDocument, parse_text

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score-parser"


def _load_scorer():
    if not SCORER.is_file():
        pytest.skip(f"the shared corpus and scorer are not here ({SCORER} is absent)")
    loader = importlib.machinery.SourceFileLoader("score_parser", str(SCORER))
    spec = importlib.util.spec_from_loader("score_parser", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _corpus_score(corpus: Path) -> tuple[float, list[str]]:
    scorer = _load_scorer()
    labels = [
        json.loads(line)
        for line in (corpus / "labels.jsonl").read_text().splitlines()
        if line.strip()
    ]
    total, misses = 0.0, []
    for want in labels:
        text = (corpus / "docs" / want["file"]).read_text(encoding="utf-8")
        got = parse_text(text).to_dict()
        for field in scorer.FIELDS:
            s = scorer.score(field, want.get(field), got.get(field))
            total += s
            if s < 1:
                misses.append(
                    f"{want['file']} {field}: want {want.get(field)!r} got {got.get(field)!r}"
                )
    return total / (len(labels) * len(scorer.FIELDS)), misses


def test_the_corpus_scores_at_least_097_overall():
    score, misses = _corpus_score(SHARED / "corpus")
    assert score >= 0.97, "\n".join(misses)


def test_the_founding_document_scores_10():
    score, misses = _corpus_score(SHARED / "samples")
    assert score == 1.0, "\n".join(misses)


def test_the_parser_runs_without_django():
    code = (
        "import sys; import tincoso.documents.parser as p; "
        "p.parse_text('x'); assert 'django' not in sys.modules, 'django imported'"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


# --- header --------------------------------------------------------------------------

STATE_DOC = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/QĐ-UBND
Đồng Nai, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
VỀ VIỆC THÀNH LẬP TỔ CÔNG TÁC THÔNG TIN CƠ SỞ TỈNH ĐỒNG NAI

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Theo đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Nai.

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác thông tin cơ sở tỉnh Đồng Nai.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.

Nơi nhận:
- Như Điều 2;
- Lưu: VT, KGVX.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""


def test_it_reads_a_plain_state_document():
    doc = parse_text(STATE_DOC)
    assert isinstance(doc, ParsedDocument)
    assert doc.system == "state"
    assert doc.doc_type == "Quyết định"
    assert (doc.number, doc.symbol) == ("12", "12/QĐ-UBND")
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert doc.parent_issuer is None
    assert (doc.place, doc.date) == ("Đồng Nai", "2024-03-05")
    assert doc.title == "Về việc thành lập Tổ công tác thông tin cơ sở tỉnh Đồng Nai"


def test_it_reads_a_symbol_printed_with_spaces():
    doc = parse_text(STATE_DOC.replace("Số: 12/QĐ-UBND", "Số: 12 / QĐ - UBND"))
    assert doc.symbol == "12/QĐ-UBND"
    party = parse_text(
        "TỈNH ỦY LAI CHÂU\nBAN TUYÊN GIÁO\n*\nSố 07 - HD/BTGTU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nLai Châu, ngày 06 tháng 6 năm 2017\n"
    )
    assert (party.number, party.symbol) == ("07", "07-HD/BTGTU")
    assert party.symbol_printed == "Số 07 - HD/BTGTU"


def test_it_keeps_the_leading_zeros_of_the_number():
    doc = parse_text(STATE_DOC.replace("Số: 12/QĐ-UBND", "Số: 012/CT-UBND"))
    assert doc.number == "012"


def test_it_maps_an_ocr_qd_to_qđ_in_the_symbol():
    doc = parse_text(STATE_DOC.replace("Số: 12/QĐ-UBND", "Số: 12/QD-UBND"))
    assert doc.symbol == "12/QĐ-UBND"
    assert doc.symbol_printed == "Số: 12/QD-UBND"


def test_it_repairs_the_dảng_typo_in_the_header():
    text = (
        "DẢNG UỶ KHỐI CÁC CƠ QUAN TỈNH LAI CHÂU\nBAN TUYÊN GIÁO\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "*\nSố 30 - HD/BTG\n\nLai Châu, ngày 06 tháng 6 năm 2017\n\nHƯỚNG DẪN\n\n"
        "Tuyên truyền công tác thông tin cơ sở\n\nBan Tuyên giáo Đảng ủy Khối các cơ quan "
        "tỉnh hướng dẫn như sau:\n"
    )
    doc = parse_text(text)
    assert doc.system == "party"
    assert doc.parent_issuer == "Đảng ủy Khối các cơ quan tỉnh Lai Châu"
    assert doc.issuer == "Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh Lai Châu"


def test_it_names_a_central_party_body_after_the_central_committee():
    text = (
        "BAN CHẤP HÀNH\nTRUNG ƯƠNG\nVĂN PHÒNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Số 07-KL/VPTW\nHà Nội, ngày 01 tháng 12 năm 2025\n"
    )
    doc = parse_text(text)
    assert doc.parent_issuer == "Ban Chấp hành Trung ương"
    assert doc.issuer == "Văn phòng Trung ương Đảng"


def test_it_names_a_state_body_under_a_local_government_with_its_locality():
    text = STATE_DOC.replace("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "UBND TỈNH ĐỒNG NAI\nSỞ TƯ PHÁP")
    doc = parse_text(text)
    assert doc.parent_issuer == "Ủy ban nhân dân tỉnh Đồng Nai"  # bodies written out in full
    assert doc.issuer == "Sở Tư pháp tỉnh Đồng Nai"


def test_it_keeps_a_ministry_department_name_without_the_ministry():
    text = STATE_DOC.replace("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "BỘ TÀI CHÍNH\nCỤC THUẾ")
    doc = parse_text(text)
    assert (doc.issuer, doc.parent_issuer) == ("Cục Thuế", "Bộ Tài chính")


def test_it_joins_a_header_name_wrapped_mid_name():
    text = STATE_DOC.replace("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "THỦ TƯỚNG\nCHÍNH PHỦ")
    assert parse_text(text).issuer == "Thủ tướng Chính phủ"
    text = STATE_DOC.replace("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "HỘI\nĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ")
    assert parse_text(text).issuer == "Hội đồng nhân dân thành phố Huế"


MARKDOWN_DOC = """|
**ỦY BAN NHÂN
DÂN **
TỈNH ĐẮK LẮK
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
012/CT-UBND
|
*Đắk Lắk, ngày **26** tháng 11 năm
202**5*
|


**CHỈ
THỊ**

VỀ VIỆC TĂNG CƯỜNG CẢI CÁCH THỦ TỤC HÀNH CHÍNH TRÊN ĐỊA BÀN
TỈNH ĐẮK LẮK

Thời gian qua, tỉnh Đắk Lắk đã có nhiều nỗ lực.

|
*Nơi nhận:*
- CT, PCT UBND tỉnh;
- Lưu: VT, PVHCC.
|
**KT. CHỦ TỊCH**
PH**Ó CHỦ TỊCH**
**Trương Công Thái**
|
"""


def test_it_reads_a_markdown_table_header():
    doc = parse_text(MARKDOWN_DOC)
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert (doc.number, doc.symbol) == ("012", "012/CT-UBND")
    assert doc.symbol_printed == "Số: 012/CT-UBND"
    assert doc.doc_type == "Chỉ thị"
    assert doc.title == ("Về việc tăng cường cải cách thủ tục hành chính trên địa bàn tỉnh Đắk Lắk")


def test_it_ignores_bold_markers_inside_words_and_numbers():
    doc = parse_text(MARKDOWN_DOC)
    assert doc.date == "2025-11-26"
    assert doc.signer_title == "PHÓ CHỦ TỊCH"
    text = MARKDOWN_DOC.replace("**ỦY BAN NHÂN\nDÂN **\nTỈNH ĐẮK LẮK", "BỘ TÀI CHÍNH\nC**ỤC THUẾ**")
    assert parse_text(text).issuer == "Cục Thuế"


def test_it_splits_a_flattened_two_column_header():
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH ĐỒNG NAI Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/QĐ-UBND Đồng Nai, ngày 5 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\nVỀ VIỆC A\n"
    )
    doc = parse_text(text)
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert doc.symbol == "12/QĐ-UBND"
    assert (doc.place, doc.date) == ("Đồng Nai", "2024-03-05")


def test_it_finds_a_header_printed_after_the_body():
    text = (
        "TỜ TRÌNH\nDự án Luật sửa đổi Luật Giáo dục\nKính gửi: Quốc hội\n"
        "Thực hiện Nghị quyết số 77/2025/UBTVQH15, Chính phủ kính trình như sau.\n"
        "CHÍNH PHỦ\n\nSố:  642/TTr-CP\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n Hà Nội, ngày  21 tháng 7 năm 2025\n"
        "Nơi nhận:\t\t\n- Như trên;\n- Lưu: VT, KGVX.\tTM. CHÍNH PHỦ\nTUQ. THỦ TƯỚNG\n"
        "BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\n(đã ký)\n\nNguyễn Kim Sơn\n"
    )
    doc = parse_text(text)
    assert (doc.doc_type, doc.title) == ("Tờ trình", "Dự án Luật sửa đổi Luật Giáo dục")
    assert (doc.issuer, doc.symbol, doc.date) == ("Chính phủ", "642/TTr-CP", "2025-07-21")
    assert doc.addressees == ["Quốc hội"]
    assert doc.recipients == ["Như trên", "Lưu: VT, KGVX"]
    assert doc.signing_authority == "TM. CHÍNH PHỦ / TUQ. THỦ TƯỚNG"
    assert doc.signer_title == "BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert doc.signer_name == "Nguyễn Kim Sơn"
    assert doc.references == ["77/2025/UBTVQH15"]


def test_it_reads_a_công_văn_trích_yếu_under_the_number():
    text = (
        "BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 5680/CT-CS\nV/v thuế TNCN từ tiền lương,\n"
        "tiền công.\n|\nHà Nội, ngày 01 tháng 12 năm 2025\n\n"
        "Kính gửi: Ban Tuyên giáo và Dân vận Trung ương\n\nCục Thuế có ý kiến như sau.\n"
    )
    doc = parse_text(text)
    assert doc.doc_type == "Công văn"
    assert doc.title == "V/v thuế TNCN từ tiền lương, tiền công"
    assert doc.addressees == ["Ban Tuyên giáo và Dân vận Trung ương"]


def test_it_splits_a_thông_báo_kết_luận_heading():
    text = STATE_DOC.replace(
        "QUYẾT ĐỊNH\nVỀ VIỆC THÀNH LẬP", "THÔNG BÁO KẾT LUẬN\nCỦA CHỦ TỊCH VỀ VIỆC THÀNH LẬP"
    )
    doc = parse_text(text)
    assert doc.doc_type == "Thông báo"
    assert doc.title.lower().startswith("kết luận của chủ tịch về việc thành lập")


def test_it_continues_a_trích_yếu_across_a_blank_line_only_with_a_linking_word():
    text = STATE_DOC.replace(
        "VỀ VIỆC THÀNH LẬP TỔ CÔNG TÁC THÔNG TIN CƠ SỞ TỈNH ĐỒNG NAI",
        "CỦA ĐỒNG CHÍ CHỦ TỊCH\n\nTẠI HỘI NGHỊ TỔNG KẾT NĂM 2024",
    )
    doc = parse_text(text)
    assert doc.title.lower() == "của đồng chí chủ tịch tại hội nghị tổng kết năm 2024"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Lai Châu, ngày 06 tháng 6 năm 2017", "2017-06-06"),
        ("Lai Châu, ngày 6 tháng 06 năm 2017", "2017-06-06"),
        ("Lai Châu, ngảy 06 thảng 6 nãm 2017", "2017-06-06"),
        ("Lai Chau, ngay 06 thang 6 nam 2017", "2017-06-06"),
        ("Lai Châu, ngày O6 tháng 6 năm 2O17", "2017-06-06"),
        ("Lai Châu, ngày 06/6/2017", "2017-06-06"),
    ],
)
def test_it_reads_dates_in_words_and_in_ocr_forms(line, iso):
    text = f"TỈNH ỦY LAI CHÂU\n*\nSố 45-HD/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n{line}\n"
    assert parse_text(text).date == iso


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Thành phố Huế, ngày 18 tháng 11 năm 2025", "Thành phố Huế"),
        ("Thành phố Hồ Chí\nMinh, ngày 18 tháng 11 năm 2025", "Thành phố Hồ Chí Minh"),
        ("Vị Thanh, ngày 18 tháng 11 năm 2025", "Vị Thanh"),
        ("TP. Hồ Chí Minh, ngày 18 tháng 11 năm 2025", "TP. Hồ Chí Minh"),
    ],
)
def test_it_reads_place_names_before_the_date(line, place):
    text = STATE_DOC.replace("Đồng Nai, ngày 05 tháng 3 năm 2024", "|\n" + line)
    assert parse_text(text).place == place


def test_it_restores_diacritics_lost_by_ocr_from_the_text_itself():
    text = (
        "TINH UY LAI CHAU\nBAN TUYEN GIAO\n*\nSố 45-HD/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Lai Châu, ngày 10 tháng 5 năm 2017\n\nHƯỚNG DẪN\nVề tuyên truyền\n\n"
        "Ban Tuyên giáo Tỉnh ủy Lai Châu hướng dẫn như sau.\n"
    )
    doc = parse_text(text)
    assert doc.issuer == "Ban Tuyên giáo Tỉnh ủy Lai Châu"
    assert doc.parent_issuer == "Tỉnh ủy Lai Châu"


def test_it_strips_web_boilerplate_around_the_document():
    text = (
        "Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT.\n|\nSố hiệu:\n|\n"
        "12/QĐ-UBND\n|\nLoại văn bản:\n|\nQuyết định\n|\nTình trạng:\n|\nĐã biết\n|\n"
        + STATE_DOC
        + "Quyết định 12/QĐ-UBND năm 2024 do Tỉnh Đồng Nai ban hành\n"
        "Văn bản này chưa cập nhật nội dung Tiếng Anh\n## Văn bản liên quan\n"
        "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân\n"
    )
    doc = parse_text(text)
    assert doc.symbol == "12/QĐ-UBND"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert doc.references == ["72/2025/QH15"]
    assert doc.signer_name == "Nguyễn Văn An"


def test_an_empty_text_gives_an_empty_record_with_zero_confidence():
    doc = parse_text("")
    record = doc.to_dict()
    assert record["symbol"] is None and record["issuer"] is None
    assert record["truncated"] is True
    assert all(v == 0.0 for v in record["confidence"].values())


def test_confidence_is_high_for_canonical_finds_and_within_bounds():
    record = parse_text(STATE_DOC).to_dict()
    conf = record["confidence"]
    assert set(conf) == {k for k in record if k not in ("confidence", "truncated")}
    assert all(0.0 <= v <= 1.0 for v in conf.values())
    assert conf["symbol"] >= 0.9 and conf["date"] >= 0.9 and conf["issuer"] >= 0.8
    assert conf["addressees"] == 0.0  # none in this document
