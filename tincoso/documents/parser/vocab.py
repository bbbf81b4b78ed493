"""Vocabulary of Vietnamese official documents, shared by the parser modules.

Everything here is general knowledge of the two document grammars (party documents
per Hướng dẫn 36-HD/VPTW, state documents per Nghị định 30/2020/NĐ-CP): document
type names and their abbreviations, words that open the name of a body, words that
open a position title, signing-authority markers. Nothing is keyed to one document.
"""

from __future__ import annotations

import re
import unicodedata

# --- accent folding -------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter to its bare lower-case ASCII base.

    Folding is one character to one character, so offsets found in the folded text
    are valid in the original; that lets OCR-tolerant patterns (``ngay``, ``thang``)
    run on the folded copy and cut the original.
    """
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x1EFA):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha():
            table[cp] = base.lower()
    for ch in "ĐđÐ":
        table[ord(ch)] = "d"
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    return table


FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, keeping the length."""
    return text.translate(FOLD_TABLE)


# --- document types ---------------------------------------------------------------

# Full type name -> abbreviations used in ký hiệu (Phụ lục III NĐ 30, HD 36).
DOC_TYPES: dict[str, tuple[str, ...]] = {
    "Nghị quyết liên tịch": ("NQLT",),
    "Thông tư liên tịch": ("TTLT",),
    "Nghị quyết": ("NQ",),
    "Nghị định": ("NĐ",),
    "Quyết định": ("QĐ",),
    "Quy định": ("QĐi", "QĐ"),
    "Chỉ thị": ("CT",),
    "Quy chế": ("QC",),
    "Thông báo": ("TB",),
    "Hướng dẫn": ("HD",),
    "Chương trình": ("CTr",),
    "Kế hoạch": ("KH",),
    "Phương án": ("PA",),
    "Đề án": ("ĐA",),
    "Dự án": ("DA",),
    "Báo cáo": ("BC",),
    "Biên bản": ("BB",),
    "Tờ trình": ("TTr",),
    "Hợp đồng": ("HĐ",),
    "Công văn": ("CV",),
    "Công điện": ("CĐ",),
    "Bản ghi nhớ": ("BGN",),
    "Bản thỏa thuận": ("BTT",),
    "Giấy ủy quyền": ("GUQ",),
    "Giấy mời": ("GM",),
    "Giấy giới thiệu": ("GGT",),
    "Giấy nghỉ phép": ("GNP",),
    "Phiếu gửi": ("PG",),
    "Phiếu chuyển": ("PC",),
    "Phiếu báo": ("PB",),
    "Thông tư": ("TT",),
    "Kết luận": ("KL",),
    "Thông tri": ("TTr",),
    "Lệnh": ("L",),
    "Thư": (),
}

# Folded heading text -> full type name, longest first so that "nghi quyet lien tich"
# wins over "nghi quyet".
TYPE_HEADINGS: list[tuple[str, str]] = sorted(
    ((fold(name), name) for name in DOC_TYPES if name != "Thư"),
    key=lambda kv: -len(kv[0]),
)

# Abbreviation -> type name, for the fallback read from the ký hiệu.
ABBREV_TO_TYPE: dict[str, str] = {}
for _name, _abbrevs in DOC_TYPES.items():
    for _abbrev in _abbrevs:
        ABBREV_TO_TYPE.setdefault(_abbrev, _name)
ABBREV_TO_TYPE["QĐi"] = "Quy định"
ABBREV_TO_TYPE["TTr"] = "Tờ trình"

# --- header bodies ------------------------------------------------------------------

# Words that open the name of a body in the header (folded, upper-case source).
# A header line that starts with one of these starts a new body; any other line
# continues the body above it (the column wrapped).
BODY_HEADS = tuple(
    fold(w)
    for w in (
        "BAN",
        "BỘ",
        "CỤC",
        "TỔNG CỤC",
        "TỔ CÔNG TÁC",
        "TIỂU BAN",
        "CHI CỤC",
        "SỞ",
        "PHÒNG",
        "VĂN PHÒNG",
        "VỤ",
        "ỦY BAN",
        "UỶ BAN",
        "UBND",
        "HĐND",
        "UBMTTQ",
        "HỘI ĐỒNG",
        "TỈNH ỦY",
        "TỈNH UỶ",
        "THÀNH ỦY",
        "THÀNH UỶ",
        "HUYỆN ỦY",
        "HUYỆN UỶ",
        "QUẬN ỦY",
        "QUẬN UỶ",
        "THỊ ỦY",
        "THỊ UỶ",
        "ĐẢNG ỦY",
        "ĐẢNG UỶ",
        "ĐẢNG BỘ",
        "CHI BỘ",
        "ĐOÀN",
        "TRUNG TÂM",
        "VIỆN",
        "HỌC VIỆN",
        "TRƯỜNG",
        "ĐẠI HỌC",
        "THUẾ",
        "KHO BẠC",
        "NGÂN HÀNG",
        "CÔNG AN",
        "BỘ CHỈ HUY",
        "TÒA ÁN",
        "TOÀ ÁN",
        "KIỂM TOÁN",
        "THANH TRA",
        "CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "QUỐC HỘI",
        "CHỦ TỊCH",
        "MẶT TRẬN",
        "LIÊN ĐOÀN",
        "HỘI",
        "CÔNG TY",
        "TỔNG CÔNG TY",
        "ĐÀI",
        "BÁO",
        "BỆNH VIỆN",
        "BẢO HIỂM",
        "HẢI QUAN",
        "QUÂN ỦY",
        "QUÂN KHU",
        "BỘ TƯ LỆNH",
        "LIÊN HIỆP",
        "HIỆP HỘI",
        "TẬP ĐOÀN",
        "CHI NHÁNH",
    )
)

# A header line ending with one of these cannot end a body name: the next line continues it.
OPEN_ENDINGS = frozenset(
    fold(w)
    for w in (
        "VÀ",
        "CÁC",
        "CỦA",
        "VỀ",
        "TỔNG",
        "ỦY",
        "UỶ",
        "BAN",
        "BỘ",
        "CỤC",
        "SỞ",
        "NHÂN",
        "CHỈ",
        "PHỤC",
        "HÀNH",
        "HỘI",
        "THÀNH",
        "TRUNG",
        "NHÀ",
        "CHI",
        "VĂN",
    )
)

# Administrative-unit words that introduce a place name.
ADMIN_WORDS = (
    "thành phố",
    "tỉnh",
    "huyện",
    "quận",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
    "tp.",
)

# Bodies whose name is written with capitals beyond the first word.
PROPER_PHRASES = (
    "Ban Chấp hành Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Trung ương",
    "Chính phủ",
    "Quốc hội",
    "Nhà nước",
    "Việt Nam",
    "Đảng",
    "Khối",
    "Thủ tướng",
    "Kiểm toán nhà nước",
    "Mặt trận Tổ quốc",
)

# Words that open the name of a body: capitalise the word after them too
# ("Bộ Tài chính", "Sở Tư pháp", "Ban Tuyên giáo").
NAME_OPENERS = frozenset(
    (
        "ban",
        "bộ",
        "cục",
        "sở",
        "vụ",
        "văn phòng",
        "tổng cục",
        "chi cục",
        "trung tâm",
        "viện",
        "học viện",
        "trường",
        "phòng",
        "thuế",
        "kho bạc",
        "công an",
        "thanh tra",
        "ngân hàng",
        "hội",
        "đài",
        "báo",
        "bệnh viện",
        "ban chỉ đạo",
        "ủy ban",
        "tòa án",
    )
)

# Abbreviations kept in capitals when a name is re-cased.
ABBREVIATIONS = frozenset(
    (
        "UBND",
        "HĐND",
        "MTTQ",
        "UBMTTQ",
        "TP",
        "TW",
        "VN",
        "CP",
        "QH",
        "KT-XH",
        "XHCN",
        "TNCN",
        "GTGT",
        "TTHC",
        "CNTT",
        "ĐBQH",
        "BCH",
        "BTV",
        "TTXVN",
        "THVN",
    )
)

# --- signature block ----------------------------------------------------------------

# Signing-authority markers (NĐ 30 Điều 13; party: T/M, K/T, T/L).
AUTHORITY_RE = re.compile(
    r"^(?:T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\.?\s*U\.?\s*Q|TUQ|TM|KT|TL|T\.M|K\.T|T\.L)\s*[.:]?\s+",
)

# Words that open a position title: a signature-block line that starts with one of
# these is a new title, any other upper-case line continues the line above.
POSITION_HEADS = tuple(
    fold(w)
    for w in (
        "PHÓ",
        "CHỦ TỊCH",
        "CHỦ NHIỆM",
        "TRƯỞNG",
        "GIÁM ĐỐC",
        "TỔNG GIÁM ĐỐC",
        "BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "THỦ TƯỚNG",
        "TỔNG",
        "CỤC TRƯỞNG",
        "CHÁNH",
        "VỤ TRƯỞNG",
        "BÍ THƯ",
        "ỦY VIÊN",
        "UỶ VIÊN",
        "THỦ TRƯỞNG",
        "KẾ TOÁN",
        "HIỆU TRƯỞNG",
        "VIỆN TRƯỞNG",
        "THƯ KÝ",
        "Q.",
        "QUYỀN",
        "THƯỜNG TRỰC",
        "TRƯỞNG BAN",
        "CHI CỤC TRƯỞNG",
        "TỔNG CỤC TRƯỞNG",
        "THANH TRA VIÊN",
        "ĐẠI TÁ",
        "THIẾU TƯỚNG",
        "TRUNG TƯỚNG",
        "THƯỢNG TƯỚNG",
        "ĐẠI TƯỚNG",
        "CHÍNH ỦY",
        "TƯ LỆNH",
        "GIÁM ĐỐC",
        "CHÁNH ÁN",
        "CHÁNH VĂN PHÒNG",
        "TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG",
    )
)

# Lines in a signature block that are neither title nor name.
SIGNATURE_NOISE_RE = re.compile(
    r"^[\[(]?\s*(?:đã\s*ký|da\s*ky|ký\s*tên|ký,|ký\s+và|chữ\s*ký|đóng\s*dấu|signed)",
    re.IGNORECASE,
)
STAMP_RE = re.compile(
    r"^(?:ký\s*bởi|người\s*ký|thời\s*gian\s*ký|ngày\s*ký|giờ\s*ký|cơ\s*quan\s*:|email\s*:|"
    r"signed\s*by|signature|chứng\s*thư)",
    re.IGNORECASE,
)


def is_upper_line(line: str) -> bool:
    """True when the line has letters and none of them is lower case."""
    has_alpha = False
    for ch in line:
        if ch.isalpha():
            if ch.islower():
                return False
            has_alpha = True
    return has_alpha


def starts_with_any(folded: str, heads: tuple[str, ...]) -> bool:
    for head in heads:
        if folded.startswith(head) and (
            len(folded) == len(head) or not folded[len(head)].isalnum()
        ):
            return True
    return False


# --- words to restore lost diacritics from ---------------------------------------------

# Provinces and centrally governed cities (before and after the 2025 merger): the
# place of nearly every header and the locality of most local bodies.
PROVINCES: tuple[str, ...] = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Thành phố Huế",
)

# Phrases of header bodies and titles, for restore_diacritics after the document's own text.
MINISTRIES: tuple[str, ...] = (
    "Bộ Công an",
    "Bộ Quốc phòng",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Giao thông vận tải",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Thông tin và Truyền thông",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
)

HEADER_PHRASES: tuple[str, ...] = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ban Chấp hành Trung ương",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Văn phòng Trung ương Đảng",
    "Chủ tịch Ủy ban nhân dân",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Cục Thuế",
    "Thuế tỉnh",
    "Tỉnh ủy",
    "Thành ủy",
    "Đảng ủy",
    # Ministries and ministry-level bodies (Government structure from 2025, and the
    # names still on older documents).
    *MINISTRIES,
    "thành phố",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    *PROVINCES,
)

# Signing-block titles and the bodies named in authority lines, for lost diacritics.
SIGNING_PHRASES: tuple[str, ...] = (
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "BAN BÍ THƯ",
    "BỘ CHÍNH TRỊ",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "THỨ TRƯỞNG",
    "BỘ TRƯỞNG",
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "PHÓ CHỦ NHIỆM",
    "CHỦ NHIỆM",
    "TỔNG BIÊN TẬP",
    "TRƯỞNG PHÒNG",
    "CHÁNH THANH TRA",
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "ỦY BAN MẶT TRẬN TỔ QUỐC",
    "CHÍNH PHỦ",
    "TỈNH ỦY",
    "THÀNH ỦY",
    "ĐẢNG ỦY",
    "BAN TỔ CHỨC",
    "BAN TUYÊN GIÁO",
    "VĂN PHÒNG",
)
