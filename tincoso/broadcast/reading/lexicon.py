"""What written abbreviations, letters, units and signs are read as.

The lexicon is data, not rules: add an entry here when a document uses an
abbreviation the normaliser spells out letter by letter. Keys are case-sensitive
(``TTg``, ``QĐi``) because administrative writing is.

* ``ABBREVIATIONS`` — in running text ("UBND tỉnh" → "ủy ban nhân dân tỉnh").
* ``SYMBOL_GROUPS`` — letter groups inside a document symbol (``49/2024/NĐ-CP``),
  where a few read differently: ``TT`` is "thông tư", ``CT`` "chỉ thị", ``BTC``
  "bộ tài chính". A group missing here falls back to ``ABBREVIATIONS``, then to
  a split into known groups (``BTGTU`` = ``BTG`` + ``TU``), then to spelling.
* An all-capital word found nowhere is **spelled with Vietnamese letter names**
  (``GRDP`` → "giê e rờ dê pê"): a listener can write the letters down, which a
  guessed expansion would not allow; the editor sees it in the preview and can
  write the words out instead.
"""

from __future__ import annotations

# Administrative bodies, titles and common terms, as announcers expand them.
ABBREVIATIONS: dict[str, str] = {
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "MTTQ": "mặt trận tổ quốc",
    "MTTQVN": "mặt trận tổ quốc việt nam",
    "UBMTTQ": "ủy ban mặt trận tổ quốc",
    "UBMTTQVN": "ủy ban mặt trận tổ quốc việt nam",
    "BCH": "ban chấp hành",
    "BTV": "ban thường vụ",
    "BTG": "ban tuyên giáo",
    "BTGDV": "ban tuyên giáo và dân vận",
    "BTGDVTW": "ban tuyên giáo và dân vận trung ương",
    "BDV": "ban dân vận",
    "BTC": "ban tổ chức",
    "BTCTW": "ban tổ chức trung ương",
    "BCĐ": "ban chỉ đạo",
    "BCĐTW": "ban chỉ đạo trung ương",
    "UBKT": "ủy ban kiểm tra",
    "UBTV": "ủy ban thường vụ",
    "UBTVQH": "ủy ban thường vụ quốc hội",
    "ĐBQH": "đại biểu quốc hội",
    "TW": "trung ương",
    "TƯ": "trung ương",
    "VPTW": "văn phòng trung ương",
    "ĐU": "đảng ủy",
    "ĐUK": "đảng ủy khối",
    "TU": "tỉnh ủy",
    "HU": "huyện ủy",
    "TP": "thành phố",
    "TX": "thị xã",
    "HCM": "hồ chí minh",
    "VN": "việt nam",
    "CP": "chính phủ",
    "VPCP": "văn phòng chính phủ",
    "TTg": "thủ tướng",
    "QH": "quốc hội",
    "CT": "chủ tịch",
    "PCT": "phó chủ tịch",
    "BTCN": "bộ trưởng chủ nhiệm",
    "PCN": "phó chủ nhiệm",
    "TGĐ": "tổng giám đốc",
    "GĐ": "giám đốc",
    "PGĐ": "phó giám đốc",
    "NĐ": "nghị định",
    "QĐ": "quyết định",
    "QĐi": "quy định",
    "NQ": "nghị quyết",
    "TT": "thông tư",
    "HD": "hướng dẫn",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "BC": "báo cáo",
    "CV": "công văn",
    "KL": "kết luận",
    "TTr": "tờ trình",
    "VB": "văn bản",
    "BTTTT": "bộ thông tin và truyền thông",
    "TTTT": "thông tin và truyền thông",
    "BTP": "bộ tư pháp",
    "STP": "sở tư pháp",
    "BKHCN": "bộ khoa học và công nghệ",
    "KHCN": "khoa học và công nghệ",
    "KHTC": "kế hoạch tài chính",
    "NNMT": "nông nghiệp và môi trường",
    "TNMT": "tài nguyên và môi trường",
    "PTNT": "phát triển nông thôn",
    "NTM": "nông thôn mới",
    "BYT": "bộ y tế",
    "BCA": "bộ công an",
    "BQP": "bộ quốc phòng",
    "BNV": "bộ nội vụ",
    "CA": "công an",
    "QS": "quân sự",
    "PCCC": "phòng cháy chữa cháy",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "ANTT": "an ninh trật tự",
    "ATGT": "an toàn giao thông",
    "ATTP": "an toàn thực phẩm",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "KT-XH": "kinh tế xã hội",
    "KTXH": "kinh tế xã hội",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "TTHC": "thủ tục hành chính",
    "TTĐT": "thông tin điện tử",
    "CNTT": "công nghệ thông tin",
    "CN": "công nghệ",
    "NC": "nội chính",
    "CĐS": "chuyển đổi số",
    "DVC": "dịch vụ công",
    "CSDL": "cơ sở dữ liệu",
    "HTX": "hợp tác xã",
    "DN": "doanh nghiệp",
    "HLHPN": "hội liên hiệp phụ nữ",
    "ĐTN": "đoàn thanh niên",
    "HCCB": "hội cựu chiến binh",
    "CCB": "cựu chiến binh",
    "CCVC": "công chức viên chức",
    "CBCCVC": "cán bộ công chức viên chức",
    "LĐ": "lao động",
    "LD": "lao động",
    "QL": "quản lý",
    "XL": "xử lý",
    "VPHC": "vi phạm hành chính",
    "USD": "đô la mỹ",
    "VNĐ": "việt nam đồng",
    "VND": "việt nam đồng",
    "Đ/c": "đồng chí",
    "đ/c": "đồng chí",
    "Đ/C": "đồng chí",
    "v/v": "về việc",
    "V/v": "về việc",
    "V/V": "về việc",
}

# Inside a document symbol (after the number): the document types and issuers.
SYMBOL_GROUPS: dict[str, str] = {
    "TT": "thông tư",
    "CT": "chỉ thị",
    "BTC": "bộ tài chính",
    "So": "sở",
}

# Written before a place name, with a full stop: "TP. Hà Nội", "H. Đan Phượng".
ADDRESS_PREFIXES: dict[str, str] = {
    "TP": "thành phố",
    "Tp": "thành phố",
    "TX": "thị xã",
    "TT": "thị trấn",
    "Q": "quận",
    "H": "huyện",
    "X": "xã",
    "P": "phường",
}

# What "TT." means before a body: the standing committee ("TT. HĐND").
STANDING_BODIES = frozenset(
    {"HĐND", "UBND", "MTTQ", "UBMTTQ", "BCH", "BTV", "ĐU", "TU", "HU", "Hội", "Đảng", "UBKT"}
)

# Vietnamese names of the letters, as read in the North ("loại B" → "loại bê").
LETTER_NAMES: dict[str, str] = {
    "a": "a", "ă": "á", "â": "ớ", "b": "bê", "c": "xê", "d": "dê", "đ": "đê",
    "e": "e", "ê": "ê", "f": "ép", "g": "giê", "h": "hát", "i": "i", "j": "gi",
    "k": "ca", "l": "e lờ", "m": "em mờ", "n": "en nờ", "o": "o", "ô": "ô",
    "ơ": "ơ", "p": "pê", "q": "quy", "r": "e rờ", "s": "ét xì", "t": "tê",
    "u": "u", "ư": "ư", "v": "vê", "w": "vê kép", "x": "ích xì", "y": "i dài",
    "z": "dét",
}  # fmt: skip

# A lone vowel letter is read as itself (it is a syllable); "Y" of "Y tế" stays "y".
VOWEL_LETTERS = frozenset("aeiouy")

# Units read only after a number or around a per-slash ("5 ha", "km/h").
UNITS: dict[str, str] = {
    "km": "ki lô mét",
    "m": "mét",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "kg": "ki lô gam",
    "g": "gam",
    "ha": "héc ta",
    "m2": "mét vuông",
    "m²": "mét vuông",
    "km2": "ki lô mét vuông",
    "km²": "ki lô mét vuông",
    "m3": "mét khối",
    "m³": "mét khối",
    "h": "giờ",
    "ml": "mi li lít",
    "kW": "ki lô oát",
    "kWh": "ki lô oát giờ",
    "MW": "mê ga oát",
    "đ": "đồng",
    "đồng": "đồng",
    "USD": "đô la mỹ",
    "VNĐ": "việt nam đồng",
    "VND": "việt nam đồng",
}

# After a slash these say "per" ("đồng/người" → "đồng một người").
PER_WORDS = frozenset(
    {
        "người", "hộ", "tháng", "năm", "ngày", "tuần", "quý", "giờ", "phút",
        "lượt", "lần", "trẻ", "con", "suất", "xã", "thôn", "khẩu", "ha", "km",
        "kg", "tấn", "m2", "lớp", "buổi", "tiết", "học", "ca", "chuyến",
    }
)  # fmt: skip

# Before these a Roman numeral is a cardinal ("khóa XII", "Quý IV", "Đại hội XIV").
ROMAN_AFTER = frozenset({"khóa", "khoá", "quý", "chương", "mục", "phần", "đoạn", "hội", "thứ"})

# Words that announce a telephone number, so 113, 114, 115 are read digit by digit.
CALL_WORDS = frozenset(
    {"gọi", "số", "đài", "nóng", "hotline", "thoại", "đt", "đầu", "hệ", "quay", "bấm"}
)

SIGNS: dict[str, str] = {"%": "phần trăm", "&": "và", "+": "cộng", "°C": "độ xê", "°": "độ"}
