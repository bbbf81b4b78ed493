"""Every example of the reading conventions in issue 13 (point 3), one test each.

Where the spec offers alternatives, each accepted form is listed; the first is
the one the normaliser chooses.
"""

from __future__ import annotations

import pytest

from tincoso.broadcast.reading import reading

EXAMPLES: list[tuple[str, str, tuple[str, ...]]] = [
    # numbers as words
    ("105 is linh", "105", ("một trăm linh năm", "một trăm lẻ năm")),
    ("21 is mốt", "21", ("hai mươi mốt",)),
    ("24 is tư", "24", ("hai mươi tư", "hai mươi bốn")),
    ("25 is lăm", "25", ("hai mươi lăm",)),
    ("a dot groups thousands", "1.025", ("một nghìn không trăm hai mươi lăm",)),
    ("a comma is the decimal sign", "2,5%", ("hai phẩy năm phần trăm",)),
    ("years are cardinals", "năm 2024", ("năm hai nghìn không trăm hai mươi tư",)),
    ("a count's leading zero is not read", "05%", ("năm phần trăm",)),
    # dates and times
    (
        "a date with ngày",
        "ngày 05/6/2017",
        (
            "ngày năm tháng sáu năm hai nghìn không trăm mười bảy",
            "ngày mùng năm tháng sáu năm hai nghìn không trăm mười bảy",
        ),
    ),
    (
        "April is tháng tư",
        "ngày 10/4/2025",
        ("ngày mười tháng tư năm hai nghìn không trăm hai mươi lăm",),
    ),
    ("day and month", "15/01", ("mười lăm tháng một", "mười lăm tháng giêng")),
    (
        "nothing added before a date without ngày",
        "05/6/2017",
        ("năm tháng sáu năm hai nghìn không trăm mười bảy",),
    ),
    ("hours and minutes", "7h30", ("bảy giờ ba mươi phút",)),
    ("a clock time", "14:00", ("mười bốn giờ",)),
    # ranges and slashes
    ("a dash between numbers is đến", "150-200mm", ("một trăm năm mươi đến hai trăm mi li mét",)),
    (
        "a dash between dates is đến",
        "20/11 - 25/11",
        ("hai mươi tháng mười một đến hai mươi lăm tháng mười một",),
    ),
    ("per person", "đồng/người", ("đồng một người",)),
    ("kilometres per hour", "km/h", ("ki lô mét trên giờ",)),
    ("24/7 is a ratio", "24/7", ("hai mươi tư trên bảy", "hai mươi bốn trên bảy")),
    # Roman numerals, ordinals, letters
    ("khóa XII", "khóa XII", ("khóa mười hai",)),
    ("Quý IV", "Quý IV", ("quý bốn",)),
    ("chương II", "chương II", ("chương hai",)),
    ("mục III", "mục III", ("mục ba",)),
    ("Đại hội XIV", "Đại hội XIV", ("đại hội mười bốn",)),
    ("lần thứ XIII", "lần thứ XIII", ("lần thứ mười ba",)),
    ("thứ 4 is thứ tư", "thứ 4", ("thứ tư",)),
    ("a lone vowel letter stays", "điểm a", ("điểm a",)),
    ("a lone consonant letter is named", "loại B", ("loại bê",)),
    # phones and emergency numbers
    (
        "a mobile number digit by digit",
        "0912345678",
        ("không chín một hai ba bốn năm sáu bảy tám",),
    ),
    (
        "each separator is a pause",
        "0912 345 678",
        ("không chín một hai, ba bốn năm, sáu bảy tám",),
    ),
    ("a hotline", "1900 1234", ("một chín không không, một hai ba bốn",)),
    ("113", "113", ("một một ba",)),
    ("114", "114", ("một một bốn",)),
    ("115", "115", ("một một năm",)),
    ("113, 114, 115 together", "113, 114, 115", ("một một ba, một một bốn, một một năm",)),
    # money and units
    ("money", "1.500.000 đồng", ("một triệu năm trăm nghìn đồng",)),
    ("đ is đồng", "1.500.000đ", ("một triệu năm trăm nghìn đồng",)),
    ("km", "12 km", ("mười hai ki lô mét",)),
    ("ha", "5 ha", ("năm héc ta",)),
    ("m2", "40 m2", ("bốn mươi mét vuông",)),
    ("°C", "35°C", ("ba mươi lăm độ xê",)),
    # abbreviations
    ("UBND", "UBND", ("ủy ban nhân dân",)),
    ("HĐND", "HĐND", ("hội đồng nhân dân",)),
    ("MTTQ", "MTTQ", ("mặt trận tổ quốc",)),
    ("BCH", "BCH", ("ban chấp hành",)),
    ("BTV", "BTV", ("ban thường vụ",)),
    ("BTG", "BTG", ("ban tuyên giáo",)),
    ("Đ/c", "Đ/c", ("đồng chí",)),
    ("TP.", "TP. Hà Nội", ("thành phố hà nội",)),
    ("TX.", "TX. Sơn Tây", ("thị xã sơn tây",)),
    ("v/v", "v/v", ("về việc",)),
    ("PCCC", "PCCC", ("phòng cháy chữa cháy",)),
    ("BHYT", "BHYT", ("bảo hiểm y tế",)),
    ("KT-XH", "KT-XH", ("kinh tế xã hội",)),
    ("THPT", "THPT", ("trung học phổ thông",)),
    ("TT. before a body", "TT. HĐND", ("thường trực hội đồng nhân dân",)),
    ("TT. in an address", "TT. Xuân Mai", ("thị trấn xuân mai",)),
    (
        "TT inside a symbol",
        "39/2020/TT-BTTTT",
        (
            "ba mươi chín trên hai nghìn không trăm hai mươi trên thông tư "
            "bộ thông tin và truyền thông",
        ),
    ),
    # document symbols
    (
        "a document symbol read literally",
        "49/2024/NĐ-CP",
        ("bốn mươi chín trên hai nghìn không trăm hai mươi tư trên nghị định chính phủ",),
    ),
    # pauses
    ("a semicolon is a pause", "họp; nghỉ", ("họp, nghỉ",)),
    ("a colon is a pause", "Nơi nhận: UBND", ("nơi nhận, ủy ban nhân dân",)),
    ("brackets are pauses", "xã (cũ) mới", ("xã, cũ, mới",)),
    ("quotes are pauses", "về việc “Ban hành” quy chế", ("về việc, ban hành, quy chế",)),
    ("a spaced dash is a pause", "Độc lập - Tự do", ("độc lập, tự do",)),
]


@pytest.mark.parametrize(
    ("text", "accepted"),
    [pytest.param(text, accepted, id=name) for name, text, accepted in EXAMPLES],
)
def test_spec_example_is_read_as_the_spec_says(text: str, accepted: tuple[str, ...]) -> None:
    assert reading(text) in accepted


def test_the_six_sentences_measured_in_the_research_notes_are_read_in_full() -> None:
    """channels-research §3.3: every library tried got some of these wrong."""
    assert reading("Ngày 05/6/2017, UBND TP. Hà Nội ban hành Quyết định số 123/QĐ-UBND.") == (
        "ngày năm tháng sáu năm hai nghìn không trăm mười bảy, ủy ban nhân dân thành phố hà nội "
        "ban hành quyết định số một trăm hai mươi ba trên quyết định ủy ban nhân dân."
    )
    assert reading("HĐND Q. Ba Đình họp lúc 7h30 sáng thứ 2, ngày 12/3/2024.") == (
        "hội đồng nhân dân quận ba đình họp lúc bảy giờ ba mươi phút sáng thứ hai, "
        "ngày mười hai tháng ba năm hai nghìn không trăm hai mươi tư."
    )
    assert reading("mưa 150-200mm, đạt 9,5m.") == (
        "mưa một trăm năm mươi đến hai trăm mi li mét, đạt chín phẩy năm mét."
    )
    assert reading("Hỗ trợ 1.500.000đ/hộ, tỷ lệ 15%. Liên hệ 0912345678 hoặc 1900 1234.") == (
        "hỗ trợ một triệu năm trăm nghìn đồng một hộ, tỷ lệ mười lăm phần trăm. liên hệ "
        "không chín một hai ba bốn năm sáu bảy tám hoặc một chín không không, một hai ba bốn."
    )
    assert reading("Đ/c Nguyễn Văn A (H. Đan Phượng, TP. Hà Nội)") == (
        "đồng chí nguyễn văn a, huyện đan phượng, thành phố hà nội"
    )
    assert reading("Theo NĐ 49/2024/NĐ-CP và TT 39/2020/TT-BTTTT, từ 01/7/2025") == (
        "theo nghị định bốn mươi chín trên hai nghìn không trăm hai mươi tư trên nghị định "
        "chính phủ và thông tư ba mươi chín trên hai nghìn không trăm hai mươi trên thông tư "
        "bộ thông tin và truyền thông, từ một tháng bảy năm hai nghìn không trăm hai mươi lăm"
    )
