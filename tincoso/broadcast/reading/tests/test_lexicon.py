"""The lexicon: general administrative abbreviations, context rules, clean entries.

``heldout_general.jsonl`` holds 42 administrative sentences written by hand
(not taken from the corpus), each with its reading, using abbreviations the
lexicon did not have when the file was written: before the entries were added
the normaliser read 3 of 42 exactly (0.071), afterwards 42 of 42. The entries
came from general knowledge of administrative writing, but the sentences were
written first, so the after figure is not a blind one. A second batch of 22
sentences, written after the entries and scored before any change, read 19 of 22
(0.864): "VPĐKĐĐ" and "CLB" were missing (added since), and "VNeID" is spelled
"vê en nờ e i dê" where announcers may say "vê en ai đi" — that sentence is left
out until the reading is settled. 21 of that batch are in the file now (63
sentences). A third batch of 40 sentences (notices, elections, warnings, land, tax,
BHYT, hotlines, money, symbols, Roman numerals, ranges, units), written by an independent
tester who had not read this package, was scored blind before any change: 40 of 40 (report in
the team's blind-batch3-report.md). It is in the file now (103 sentences). A new blind set is
the honest check.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from tincoso.broadcast.reading import reading
from tincoso.broadcast.reading.lexicon import (
    ABBREVIATIONS,
    ADDRESS_PREFIXES,
    AFTER_OWNER,
    BEFORE_PHONE,
    SIGNING,
    SYMBOL_GROUPS,
    UNITS,
)

GENERAL = Path(__file__).with_name("heldout_general.jsonl")
_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def test_at_least_90_percent_of_the_general_sentences_are_read_exactly() -> None:
    rows = [json.loads(line) for line in GENERAL.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    misses = [(row["text"], row["reading"], reading(row["text"])) for row in rows]
    misses = [miss for miss in misses if miss[1] != miss[2]]
    score = 1 - len(misses) / len(rows)
    detail = "\n".join(f"{text}\n  want {want}\n  got  {got}" for text, want, got in misses)
    assert score >= 0.9, f"exact match {score:.3f}\n{detail}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở GD&ĐT tỉnh", "sở giáo dục và đào tạo tỉnh"),
        ("Sở KH&ĐT tỉnh", "sở kế hoạch và đầu tư tỉnh"),
        ("Phòng LĐ-TB&XH huyện", "phòng lao động thương binh và xã hội huyện"),
        ("Sở NN&PTNT", "sở nông nghiệp và phát triển nông thôn"),
        ("Sở VH-TT&DL", "sở văn hóa thể thao và du lịch"),
        ("công tác CCHC", "công tác cải cách hành chính"),
        ("bảo đảm ATTP", "bảo đảm an toàn thực phẩm"),
        ("Quỹ BHXH", "quỹ bảo hiểm xã hội"),
        ("lực lượng DQTV", "lực lượng dân quân tự vệ"),
        ("công tác DS-KHHGĐ", "công tác dân số kế hoạch hóa gia đình"),
        ("Hội LHPN xã", "hội liên hiệp phụ nữ xã"),
        ("LĐLĐ tỉnh", "liên đoàn lao động tỉnh"),
        ("Hội CTĐ huyện", "hội chữ thập đỏ huyện"),
        ("Trung tâm GDNN-GDTX", "trung tâm giáo dục nghề nghiệp giáo dục thường xuyên"),
        ("BTNMT hướng dẫn", "bộ tài nguyên và môi trường hướng dẫn"),
        ("BLĐTBXH ban hành", "bộ lao động thương binh và xã hội ban hành"),
        ("TTCP kết luận", "thanh tra chính phủ kết luận"),
        ("tình hình TTATXH", "tình hình trật tự an toàn xã hội"),
        ("vốn XDCB", "vốn xây dựng cơ bản"),
        ("công tác GPMB", "công tác giải phóng mặt bằng"),
        ("UBMT TQ VN huyện", "ủy ban mặt trận tổ quốc việt nam huyện"),
        ("Ủy ban MTTQ VN xã", "ủy ban mặt trận tổ quốc việt nam xã"),
        ("Đoàn TNCS Hồ Chí Minh", "đoàn thanh niên cộng sản hồ chí minh"),
        ("Đoàn TNCS HCM", "đoàn thanh niên cộng sản hồ chí minh"),
        ("Công ty TNHH MTV Thủy lợi", "công ty trách nhiệm hữu hạn một thành viên thủy lợi"),
        ("Ngân hàng TMCP Công Thương", "ngân hàng thương mại cổ phần công thương"),
        ("sản phẩm OCOP", "sản phẩm ô cốp"),
        ("TP. Hà Nội, Q. Ba Đình, P. Kim Mã", "thành phố hà nội, quận ba đình, phường kim mã"),
        ("H. Đông Anh, X. Tiên Dương", "huyện đông anh, xã tiên dương"),
    ],
)
def test_general_abbreviations_are_written_out_in_sentences(text: str, expected: str) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công ty CP Sông Đà", "công ty cổ phần sông đà"),
        ("CÔNG TY CP MÔI TRƯỜNG", "công ty cổ phần môi trường"),
        ("Cty CP Xây dựng", "công ty cổ phần xây dựng"),
        ("Tổng công ty CP Bảo Minh", "tổng công ty cổ phần bảo minh"),
        ("CP đã ban hành nghị quyết", "chính phủ đã ban hành nghị quyết"),
        ("Văn phòng CP", "văn phòng chính phủ"),
        ("Nghị định số 49/NĐ-CP", "nghị định số bốn mươi chín trên nghị định chính phủ"),
        ("Công ty đề nghị CP xem xét", "công ty đề nghị chính phủ xem xét"),
    ],
)  # fmt: skip
def test_cp_is_shares_after_a_company_and_the_government_elsewhere(
    text: str, expected: str
) -> None:
    assert reading(text) == expected


def test_foreign_acronyms_are_spelled_with_vietnamese_letter_names() -> None:
    assert reading("vốn FDI, ODA và GRDP") == "vốn ép dê i, o dê a và giê e rờ dê pê"


def test_every_reading_in_the_lexicon_is_lowercase_nfc_words() -> None:
    tables = [ABBREVIATIONS, SYMBOL_GROUPS, SIGNING, ADDRESS_PREFIXES, UNITS]
    readings = [(key, value) for table in tables for key, value in table.items()]
    readings += [(key, value) for key, (_, value) in AFTER_OWNER.items()]
    readings += list(BEFORE_PHONE.items())
    bad = [
        (key, value)
        for key, value in readings
        if not _WORDS.fullmatch(value)
        or value != value.lower()
        or value != unicodedata.normalize("NFC", value)
    ]
    assert not bad
    assert len(ABBREVIATIONS) >= 600


def test_every_key_is_one_token_in_nfc() -> None:
    keys = [*ABBREVIATIONS, *SYMBOL_GROUPS, *AFTER_OWNER, *BEFORE_PHONE]
    assert all(key == unicodedata.normalize("NFC", key) and " " not in key for key in keys)
    owners = [owner for words, _ in AFTER_OWNER.values() for owner in words]
    assert all(owner == owner.lower() for owner in owners)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500 USD/người", "năm trăm đô la mỹ một người"),
        ("200.000 VNĐ/tháng", "hai trăm nghìn việt nam đồng một tháng"),
        ("10 USD/kg", "mười đô la mỹ một ki lô gam"),
        ("tỷ giá VND/USD", "tỷ giá việt nam đồng trên đô la mỹ"),  # a rate, not money per head
    ],
)
def test_a_currency_written_against_a_per_word_is_money_per_head(text: str, expected: str) -> None:
    assert reading(text) == expected


def test_units_hold_only_measures_and_currencies_not_abbreviations() -> None:
    # Abbreviations pasted into UNITS once made "5 GD" and "HS/lớp" read as units.
    assert not {"GTGT", "GD", "HS", "Cty", "BQL", "KCN"} & set(UNITS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ĐT: 0912 345 678", "điện thoại, không chín một hai, ba bốn năm, sáu bảy tám"),
        ("SĐT 0912345678", "số điện thoại không chín một hai ba bốn năm sáu bảy tám"),
        ("ĐT 113", "điện thoại một một ba"),
        ("công tác ĐT cán bộ", "công tác đê tê cán bộ"),  # "đào tạo"? "đầu tư"? spelled
    ],
)
def test_dt_is_a_telephone_only_before_a_telephone_number(text: str, expected: str) -> None:
    assert reading(text) == expected
