"""Nơi nhận items read off a scan, put right by the list's own grammar (NĐ 30/2020 Phụ lục I).

Each item names a receiver, often followed by why it gets a copy — "(để b/c)",
"(để p/h)", "(để theo dõi)" — and the list opens with "Như trên" or "Như kính
gửi".  OCR damages exactly these fixed parts the same way on every scan: the
marks of "để" ("đê", "đẻ", "đề"), "b/c" read "b/e", "Như trên" glued into one
word, a stray mark from the seal after the last item, a bullet read twice, a
province's marks ("Lâm Đông").  Only the fixed parts are mended; the receiver's
own words are left as read.
"""

from __future__ import annotations

import re

from .repair import mend_place_names
from .vocab import fold

# "(đê b/c)": the purpose note opens with "để", whatever marks OCR gave it.
_PURPOSE_RE = re.compile(r"\((\w{2})(?=\s+(\w+))")
# Words after which "đề" is itself ("đề nghị", "đề xuất", "đề án"), not a misread "để".
_DE_WORDS = frozenset(("nghi", "xuat", "an", "tai", "ra", "cu"))
# "b/e" is "b/c" (báo cáo) read with c as e; only inside a purpose note.
_BC_RE = re.compile(r"(?<=\s)b/e(?=[\s),;]|$)")
# A bullet or underscore OCR left at the start after the list's own bullet.
_LEADING_MARKS_RE = re.compile(r"^[-–—+•·~_\s]+(?=\w)")
# A last token holding a mark no receiver's name has ("(2). 4®"): the seal's ink.
_TRAILING_JUNK_RE = re.compile(r"\s+\S{0,3}[^\w\s().,;:/&'\"%+-]\S{0,3}$")
# "TK]" is "TK1": a unit's code of capitals and digits, its closing 1 read as a
# bracket that nothing opened (checked by the caller).
_CODE_ONE_RE = re.compile(r"(?<!\w)([A-ZĐ]{1,5}\d*)\](?=[\s(,;]|$)")
# The list's fixed first items, by their letters without marks or spaces.
_OPENINGS = {fold(x).replace(" ", ""): x for x in ("Như trên", "Như kính gửi")}


def mend_recipient(item: str) -> str:
    """One Nơi nhận item with its fixed parts spelt as the grammar spells them."""
    item = _LEADING_MARKS_RE.sub("", item)
    cut = _TRAILING_JUNK_RE.sub("", item)
    item = cut.rstrip(" ;,.") if cut != item else item
    opening = _OPENINGS.get(fold(item).replace(" ", ""))
    if opening is not None:
        return opening
    if "[" not in item:
        item = _CODE_ONE_RE.sub(r"\g<1>1", item)
    item = _PURPOSE_RE.sub(_purpose, item)
    if "(để " in item:
        item = _BC_RE.sub("b/c", item)
    return mend_place_names(item)


def _purpose(m: re.Match[str]) -> str:
    if fold(m.group(1)) != "de" or fold(m.group(2)) in _DE_WORDS:
        return m.group(0)
    return "(để"
