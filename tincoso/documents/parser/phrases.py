"""Tone and vowel marks OCR misread, put right by a lexicon of set phrases.

Tesseract's Vietnamese model confuses marks on the same base letters: ô/ồ/ổ
("sửa đôi", "Công thông tin", "Tỏ công tác"), ê/ề/ể ("đoàn thẻ", "điêu tra").
Each misreading is a real syllable, so no spelling check finds it, but the pair
or triple of words it sits in is not: official writing says "sửa đổi", "cổng
thông tin", "tổ công tác".  A run of words that folds (marks and case dropped)
like a phrase of the lexicon and is not spelt as any phrase of it takes the
lexicon's spelling, letter by letter in the case it was printed.

The lexicon holds general phrases of administrative Vietnamese whose folded form
has one spelling in that register; none names a particular document.  A twin
that is a real phrase too ("thủ trưởng" beside "thứ trưởng", "thay đổi với"
beside "đối với", "cộng đồng chỉ đạo" beside "đồng chí") is left as printed.  On
the 29 texts of the corpus, typed and not OCR'd, the lexicon changes no line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from .vocab import fold

PHRASES = (
    # bodies and posts
    "cổng thông tin", "tòa án", "đoàn thể", "tổ công tác", "tổng biên tập",
    "biên tập", "điều tra", "thường trực", "ủy ban", "hội đồng", "tổ quốc",
    "mặt trận", "chánh văn phòng", "bộ trưởng", "chủ tịch", "giám đốc",
    "cục trưởng", "tổng cục", "quốc hội", "chính phủ", "thủ tướng", "nhân dân",
    "tỉnh ủy", "thành ủy", "đảng ủy",
    # set phrases of titles and lists
    "sửa đổi", "bổ sung", "cộng đồng", "tổng kết", "tổ chức", "triển khai",
    "thực hiện", "phát triển", "kinh tế", "xã hội", "đề nghị", "đề xuất",
    "thẩm định", "thẩm quyền", "dự thảo", "ý kiến", "về việc", "phòng chống",
    "kiểm soát", "ma túy", "bầu cử", "đại biểu", "chủ trương", "giai đoạn",
    "nhiệm vụ", "quy định", "hướng dẫn", "kế hoạch", "báo cáo", "để biết",
    "theo dõi", "phối hợp", "đối với", "thứ trưởng", "đồng chí", "ban hành",
    "ban biên tập", "sơ kết",
)  # fmt: skip
# Real phrases that fold like one of the lexicon: printed so, they stay.
TWINS = (
    "đổi với", "thủ trưởng", "đồng chỉ", "động chỉ", "sở kết", "số kết",
    "bản biên tập", "bản hành",
)  # fmt: skip

_WORD_RE = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 3


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    by_fold = {fold(p): p for p in PHRASES}
    return by_fold, frozenset((*PHRASES, *TWINS))


# Old-style tone placement ("uỷ", "hoà") spells the same word as the new.
_OLD_STYLE = (("uỷ", "ủy"), ("uý", "úy"), ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oạ", "ọa"))


def _new_style(text: str) -> str:
    for old, new in _OLD_STYLE:
        text = text.replace(old, new)
    return text


def mend_phrases(text: str) -> str:
    """``text`` with runs of words that misread a lexicon phrase's marks spelt right."""
    by_fold, spelt = _lexicon()
    words = list(_WORD_RE.finditer(text))
    out = list(text)
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 1, -1):
            run = words[i : i + n]
            if not all(text[a.end() : b.start()] == " " for a, b in pairwise(run)):
                continue  # only words side by side, one space apart
            printed = " ".join(w.group(0) for w in run)
            right = by_fold.get(fold(printed))
            if right is None or _new_style(printed.lower()) in spelt or len(right) != len(printed):
                continue
            start = run[0].start()
            for k, (old, new) in enumerate(zip(printed, right, strict=True)):
                out[start + k] = new.upper() if old.isupper() else new
            i += n - 1
            break
        i += 1
    return "".join(out)
