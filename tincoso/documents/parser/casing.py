"""ALL-CAPS → sentence case, keeping proper nouns capitalised.

Evidence comes from the document itself: how a word (and the word beside it) is
written in its mixed-case running text, where a capital that does not open a
sentence marks a proper noun ("Luật Việc làm", "Văn phòng Trung ương Đảng").
Where the text gives no evidence, general rules apply: a place name after "tỉnh",
"thành phố", "huyện" ...; the word after a body-type word ("Bộ Tài chính"); fixed
names of institutions ("Trung ương", "Chính phủ").
"""

from __future__ import annotations

import re

from .vocab import ABBREVIATIONS, NAME_OPENERS

_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]")
_INITIAL_PUNCT = frozenset(".!?:;\"“”(-+•…")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")
_CORE_RE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$")

_FIXED = {
    ("trung", "ương"): (True, False),
    ("chính", "phủ"): (True, False),
    ("quốc", "hội"): (True, False),
    ("việt", "nam"): (True, True),
    ("bộ", "chính"): (True, True),
    ("ban", "bí"): (True, True),
    ("bí", "thư"): (True, False),
}
_FIXED_NAMES = (("ủy", "ban", "nhân", "dân"), ("uỷ", "ban", "nhân", "dân"),
                ("hội", "đồng", "nhân", "dân"))
_ADMIN_ONE = frozenset(("tỉnh", "huyện", "quận", "xã", "phường", "khối"))
_ADMIN_TWO = frozenset((("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("đặc", "khu")))
_STOP_AFTER_PLACE = frozenset(("năm", "về", "và", "trong", "theo", "tại", "từ", "đến", "của",
                               "giai", "đoạn", "với", "trên", "cho", "các", "khóa", "khoá"))


class CaseIndex:
    """Counts of capitalised vs lower-case spellings in the document's running text."""

    __slots__ = ("bi", "uni", "upper_tokens")

    def __init__(self, lines: list[str]) -> None:
        self.uni: dict[str, list[int]] = {}
        self.bi: dict[tuple[str, str], list[int]] = {}
        self.upper_tokens: set[str] = set()
        prev_low: str | None = None
        initial = True
        for line in lines:
            if not line:
                initial = True
                prev_low = None
                continue
            letters = [ch for ch in line if ch.isalpha()]
            if letters and not any(ch.islower() for ch in letters):
                # ALL-CAPS lines (headings) carry no casing evidence, except abbreviations.
                prev_low, initial = None, True
                continue
            for tok in _TOKEN_RE.findall(line):
                if not tok[0].isalpha():
                    if tok in _INITIAL_PUNCT:
                        initial = True
                    prev_low = None
                    continue
                if any(ch.isdigit() for ch in tok):
                    prev_low, initial = None, False
                    continue
                low = tok.lower()
                if len(tok) > 1 and tok.isupper():
                    self.upper_tokens.add(tok)
                    prev_low, initial = None, False
                    continue
                cap = tok[0].isupper()
                u = self.uni.get(low)
                if u is None:
                    u = self.uni[low] = [0, 0]
                if cap and not initial:
                    u[0] += 1
                elif not cap:
                    u[1] += 1
                if prev_low is not None:
                    key = (prev_low[0], low)
                    b = self.bi.get(key)
                    if b is None:
                        b = self.bi[key] = [0, 0, 0, 0]
                    if cap:
                        b[0] += 1
                    else:
                        b[1] += 1
                    if prev_low[1] is not None:
                        b[2 if prev_low[1] else 3] += 1
                prev_low = (low, None if initial else cap)
                initial = False


def _vote(index: CaseIndex | None, words: list[str], i: int) -> int:
    """>0: capitalise, <0: lower, 0: no evidence."""
    if index is None:
        return 0
    w = words[i]
    score = 0
    if i > 0:
        b = index.bi.get((words[i - 1], w))
        if b:
            score += (b[0] - b[1]) * 2
    if i + 1 < len(words):
        b = index.bi.get((w, words[i + 1]))
        if b:
            score += (b[2] - b[3]) * 2
    if score == 0:
        u = index.uni.get(w)
        if u:
            if u[0] and not u[1]:
                score = 1
            elif u[1] and not u[0]:
                score = -1
    return score


def recase(text: str, index: CaseIndex | None, *, name: bool = False) -> str:
    """Sentence case for an upper-case phrase; ``name`` applies the body-name rules."""
    raw = text.split()
    if not raw:
        return text
    parts = [_CORE_RE.match(tok).groups() for tok in raw]  # type: ignore[union-attr]
    words = [core.lower() for _, core, _ in parts]
    cap = [False] * len(words)
    keep = [False] * len(words)
    for i, (_, core, _) in enumerate(parts):
        if any(ch.isdigit() for ch in core) or "/" in core:
            keep[i] = True
        elif core.isupper() and (core in ABBREVIATIONS or (
                index is not None and core in index.upper_tokens and core.lower() not in
                index.uni) or (_ROMAN_RE.match(core) and core.lower() not in ("vi", "xi"))):
            keep[i] = True
    for i in range(len(words)):
        v = _vote(index, words, i)
        if v > 0:
            cap[i] = True
    # Fixed institution names.
    for i in range(len(words) - 1):
        fixed = _FIXED.get((words[i], words[i + 1]))
        if fixed:
            cap[i] = cap[i] or fixed[0]
            cap[i + 1] = cap[i + 1] or fixed[1]
    # Place names after an administrative word.
    i = 0
    while i < len(words):
        step = 0
        if words[i] in _ADMIN_ONE:
            step = 1
        elif i + 1 < len(words) and (words[i], words[i + 1]) in _ADMIN_TWO:
            step = 2
        if step:
            j = i + step
            taken = 0
            while j < len(words) and taken < 4 and words[j] not in _STOP_AFTER_PLACE and \
                    not keep[j] and (taken < 2 or _vote(index, words, j) > 0):
                if taken >= 1 and _vote(index, words, j) < 0:
                    break
                cap[j] = True
                taken += 1
                if parts[j][2]:  # punctuation ends the name
                    break
                j += 1
            i = j
        else:
            i += 1
    if name:
        _name_rules(words, cap)
    cap[0] = True
    out = []
    for i, (pre, core, post) in enumerate(parts):
        if keep[i]:
            word = core
        else:
            word = words[i]
            if cap[i] and word:
                word = word[0].upper() + word[1:]
        out.append(f"{pre}{word}{post}")
    return " ".join(out)


def _name_rules(words: list[str], cap: list[bool]) -> None:
    """Body names: the word after the body-type word is capitalised ("Sở Tư pháp")."""
    n = len(words)
    for fixed in _FIXED_NAMES:
        k = len(fixed)
        for i in range(n - k + 1):
            if tuple(words[i:i + k]) == fixed:
                for j in range(i + 1, i + k):
                    cap[j] = False
                if i + k < n and words[i + k] not in ("tỉnh", "thành", "huyện", "quận", "xã",
                                                      "phường", "thị", "các"):
                    cap[i + k] = True
    if n >= 2:
        first2 = f"{words[0]} {words[1]}"
        if first2 in NAME_OPENERS and n > 2 and tuple(words[:4]) not in _FIXED_NAMES:
            cap[2] = True
        elif words[0] in NAME_OPENERS and tuple(words[:4]) not in _FIXED_NAMES:
            cap[1] = True
