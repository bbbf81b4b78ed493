"""A signer's surname whose marks OCR misread, spelt as Vietnamese surnames are.

A handful of family names cover most Vietnamese people; OCR of a scanned
signature block misreads their marks like any word's ("Nguyên Văn Long" for
"Nguyễn Văn Long", "Tràn" for "Trần").  A name's first word that folds (marks
and case dropped) like a common surname and is not itself one takes its
spelling.  Given names are left as read: there are too many to know.
"""

from __future__ import annotations

from functools import lru_cache

from tincoso.documents.legacy_encodings import is_vietnamese_syllable

from .vocab import fold

SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Trương", "Lương",
    "Đoàn", "Vương", "Lâm", "Hà", "Tạ", "Đào", "Thái", "Triệu", "Quách", "Kiều",
    "Lưu", "Lại", "Đàm", "Nông", "Hứa", "Mạc", "Chu", "Tống", "Khổng", "Thân",
)  # fmt: skip


@lru_cache(maxsize=1)
def _by_fold() -> dict[str, str]:
    return {fold(name).lower(): name for name in SURNAMES}


# Letters no Vietnamese syllable starts with that OCR reads for a serif capital:
# "Fhanh" for "Thanh" (T's cross bar and F's), "Jinh" stays (no likely twin).
_CAPITAL_TWINS = {"F": "T"}


def mend_name_letters(name: str) -> str:
    """A name's words that start with a letter no Vietnamese syllable has, read right.

    Only when the word is no syllable as read and its twin is one; a foreign
    name ("Frank") is left alone unless its twin is Vietnamese.
    """
    words = name.split(" ")
    for index, word in enumerate(words):
        twin = _CAPITAL_TWINS.get(word[:1])
        if twin is None or is_vietnamese_syllable(word):
            continue
        mended = twin + word[1:]
        if is_vietnamese_syllable(mended):
            words[index] = mended
    return " ".join(words)


def mend_surname(name: str) -> str:
    """``name`` with its first word spelt as the surname it folds to, if one does."""
    name = mend_name_letters(name)
    first, _, rest = name.partition(" ")
    if not rest or first in SURNAMES:
        return name
    right = _by_fold().get(fold(first).lower())
    if right is None or len(right) != len(first):
        return name
    spelt = right.upper() if first.isupper() and len(first) > 1 else right
    return f"{spelt} {rest}"
