"""Readings that depend on the neighbours: each rule that looks around has a test."""

from __future__ import annotations

import pytest

from tincoso.broadcast.reading import VERSION, reading


def test_the_version_the_speech_cache_keys_on_is_3() -> None:
    # 2: the general abbreviation lexicon and the "CP" rule; 3: shares ("2/3 tổng số"),
    # per-units, numbered roads and alarm levels, below-zero temperatures, map scales,
    # ranges between amounts with units, "SN" before a year
    assert VERSION == "3"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Điều 113", "điều một trăm mười ba"),  # a clause number, not a call
        ("115 người", "một trăm mười lăm người"),  # a count
        ("gọi ngay số 115", "gọi ngay số một một năm"),
        ("đường dây nóng 114", "đường dây nóng một một bốn"),
    ],
)
def test_emergency_numbers_are_digits_only_when_called(text: str, spoken: str) -> None:
    assert reading(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("tỉnh/thành phố", "tỉnh, thành phố"),  # "or", not "per"
        ("9 tháng/năm học", "chín tháng một năm học"),
        ("1.000 đồng/trẻ", "một nghìn đồng một trẻ"),
        ("50.000đ/kg", "năm mươi nghìn đồng một ki lô gam"),
    ],
)
def test_a_slash_between_words_is_per_only_after_money_or_before_a_period_or_count(
    text: str, spoken: str
) -> None:
    assert reading(text) == spoken


def test_a_leading_list_number_is_a_pause_but_a_final_number_keeps_its_stop() -> None:
    assert reading("1. Ủy ban nhân dân tỉnh") == "một, ủy ban nhân dân tỉnh"
    assert reading("giải pháp sau: 1.") == "giải pháp sau, một."


def test_after_thu_a_ratio_starts_with_an_ordinal() -> None:
    assert reading("đứng thứ 04/34 tỉnh") == "đứng thứ tư trên ba mươi tư tỉnh"


def test_lan_thu_one_is_nhat_as_vietnamese_says_it() -> None:
    assert reading("lần thứ I") == "lần thứ nhất"
    assert reading("lần thứ 2") == "lần thứ hai"


def test_a_month_and_year_after_thang_is_not_given_a_second_thang() -> None:
    assert reading("tháng 4/2025") == "tháng tư năm hai nghìn không trăm hai mươi lăm"
    assert reading("đầu 5/2021") == "đầu tháng năm năm hai nghìn không trăm hai mươi mốt"
    assert reading("Quý I/2025") == "quý một năm hai nghìn không trăm hai mươi lăm"


def test_a_date_glued_to_ngay_is_still_a_date() -> None:
    assert reading("ngày15/8/2013") == "ngày mười lăm tháng tám năm hai nghìn không trăm mười ba"


def test_a_capital_heading_is_read_as_words_not_spelled() -> None:
    assert reading("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "cộng hòa xã hội chủ nghĩa việt nam"


def test_an_unknown_capital_group_is_spelled_with_vietnamese_letter_names() -> None:
    assert reading("GRDP") == "giê e rờ dê pê"


def test_a_group_of_known_groups_is_read_as_its_parts() -> None:
    assert reading("45-HD/BTGTU") == "bốn mươi lăm hướng dẫn trên ban tuyên giáo tỉnh ủy"


def test_capital_groups_written_apart_are_read_as_the_group_they_spell() -> None:
    assert reading("UBMT TQ VN") == "ủy ban mặt trận tổ quốc việt nam"


def test_tt_before_a_number_is_a_circular() -> None:
    assert reading("TT 39/2020/TT-BTTTT").startswith("thông tư ba mươi chín trên")


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("3.0", "ba chấm không"),
        ("0,05", "không phẩy không năm"),
        ("2.000.005", "hai triệu không trăm linh năm"),
        ("104", "một trăm linh bốn"),
        ("14", "mười bốn"),
        ("1.000.000.000", "một tỷ"),
        ("9h-11h", "chín giờ đến mười một giờ"),
    ],
)
def test_number_forms(text: str, spoken: str) -> None:
    assert reading(text) == spoken


def test_emergency_numbers_listed_with_other_words_between_are_still_digits() -> None:
    assert reading("Khi có cháy, gọi ngay 114; cấp cứu gọi 115; công an 113.") == (
        "khi có cháy, gọi ngay một một bốn, cấp cứu gọi một một năm, công an một một ba."
    )
    assert reading("Điều 113, Điều 114 và Điều 115") == (
        "điều một trăm mười ba, điều một trăm mười bốn và điều một trăm mười lăm"
    )


def test_signature_blocks_say_on_whose_behalf() -> None:
    assert reading("KT. CHỦ TỊCH") == "ký thay chủ tịch"
    assert reading("TM. ỦY BAN NHÂN DÂN") == "thay mặt ủy ban nhân dân"
    assert reading("Q. CHỦ TỊCH") == "quyền chủ tịch"
    assert reading("Q. Ba Đình") == "quận ba đình"


def test_roman_numerals_of_several_letters_are_numbers_anywhere() -> None:
    assert reading("Phụ lục II") == "phụ lục hai"
    assert reading("PHẠM VI ĐIỀU CHỈNH") == "phạm vi điều chỉnh"  # VI is a syllable here


def test_a_slash_between_numbers_is_read_and_a_trailing_one_is_a_pause() -> None:
    assert reading("tiểu mục 14.1/14/1/ phụ lục 3") == (
        "tiểu mục mười bốn chấm một trên mười bốn trên một, phụ lục ba"
    )
    assert reading("nhà trường/người đứng đầu") == "nhà trường, người đứng đầu"


def test_place_names_of_the_highlands_are_syllables_not_abbreviations() -> None:
    assert reading("ĐẮK LẮK") == "đắk lắk"


def test_a_dot_inside_an_address_is_cham_and_vv_is_van_van() -> None:
    assert reading("Xem tincoso.gov.vn, thư: ubnd@xa.gov.vn") == (
        "xem tincoso chấm gov chấm vn, thư, ubnd a còng xa chấm gov chấm vn"
    )
    assert reading("lúa, ngô, v.v. đều bị ngập.") == "lúa, ngô, vân vân đều bị ngập."


def test_a_plus_bullet_is_a_pause_and_a_plus_between_numbers_is_cong() -> None:
    assert reading("+ Phát huy sức mạnh") == "phát huy sức mạnh"
    assert reading("2 + 3") == "hai cộng ba"


def test_bc_in_a_distribution_list_is_bao_cao() -> None:
    assert reading("Ban Tuyên giáo Tỉnh ủy (b/c)") == "ban tuyên giáo tỉnh ủy, báo cáo"


def test_a_roman_heading_number_is_followed_by_a_pause() -> None:
    assert reading("II. ĐỐI TƯỢNG") == "hai, đối tượng"


def test_cd_in_a_symbol_is_a_dispatch_from_the_prime_minister() -> None:
    assert reading("Số: 217/CĐ-TTg") == "số, hai trăm mười bảy trên công điện thủ tướng"
