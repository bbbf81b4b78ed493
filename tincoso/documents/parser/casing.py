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
from itertools import pairwise

from .vocab import ABBREVIATIONS, NAME_OPENERS, fold

_INITIAL_PUNCT = frozenset('.!?:;"“”(-+•…')
_ROMAN_RE = re.compile(r"^[IVXLC]+$")
# Vietnamese syllables always have a vowel; an upper-case token without one is an
# abbreviation (TTHC, UBND) and stays in capitals.
_VOWEL_RE = re.compile(r"[AEIOUYÀ-ỹ]", re.IGNORECASE)
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
_FIXED_NAMES = (
    ("ủy", "ban", "nhân", "dân"),
    ("uỷ", "ban", "nhân", "dân"),
    ("hội", "đồng", "nhân", "dân"),
)
_ADMIN_ONE = frozenset(("tỉnh", "huyện", "quận", "xã", "phường", "khối"))
_ADMIN_TWO = frozenset((("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("đặc", "khu")))
_STOP_AFTER_PLACE = frozenset(
    (
        "năm",
        "về",
        "và",
        "trong",
        "theo",
        "tại",
        "từ",
        "đến",
        "của",
        "giai",
        "đoạn",
        "với",
        "trên",
        "cho",
        "các",
        "khóa",
        "khoá",
        "ủy",
        "uỷ",
        "phố",
        "xã",
        "phường",
        "huyện",
        "tỉnh",
        "quận",
        "thị",
        "đặc",
        "trực",
        "thuộc",
        "nhiệm",
    )
)


_TYPE_PAIRS = frozenset(
    tuple(name.lower().split())
    for name in (
        "Quyết định",
        "Quy định",
        "Nghị quyết",
        "Nghị định",
        "Chỉ thị",
        "Thông tư",
        "Kết luận",
        "Hướng dẫn",
        "Kế hoạch",
        "Thông báo",
        "Công văn",
        "Báo cáo",
        "Tờ trình",
        "Quy chế",
        "Công điện",
        "Chương trình",
        "Đề án",
    )
)


# Function words: never evidence of a proper noun, and too frequent to count.
_FUNCTION_WORDS = frozenset(
    (
        "và",
        "của",
        "các",
        "về",
        "trong",
        "cho",
        "với",
        "tại",
        "năm",
        "những",
        "một",
        "số",
        "là",
        "có",
        "được",
        "theo",
        "đến",
        "từ",
        "trên",
        "này",
        "đó",
        "khi",
        "để",
        "đã",
        "đang",
        "sẽ",
        "thì",
        "mà",
        "nhưng",
        "hoặc",
        "hay",
        "như",
        "ngày",
        "tháng",
        "do",
        "bị",
        "cũng",
        "không",
        "rằng",
        "nếu",
        "vì",
        "nên",
        "ra",
        "vào",
        "lại",
        "còn",
        "đối",
        "với",
        "giữa",
        "sau",
        "trước",
    )
)
_MAX_HITS = 8
_MAX_SCAN = 24
_MAX_CHARS = 12000  # evidence is read from the first part of the text: names recur early
_EDGE_PUNCT = ",.;:!?()“”\"'…[]"
_SPACE = frozenset(" ")


def head_lines(lines: list[str], limit: int) -> list[str]:
    """The first lines of ``lines`` holding about ``limit`` characters (not all joined)."""
    parts, size = [], 0
    for line in lines:
        parts.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    return parts


class CaseIndex:
    """Counts of capitalised vs lower-case spellings in the document's running text.

    Evidence is gathered lazily for the words and neighbour pairs a caller asks
    about, by plain substring search on a lower-cased copy (C speed, no tokenising):
    for each occurrence, whether it is capitalised and whether it opens a sentence.
    """

    __slots__ = ("bi", "done", "low", "text", "uni")

    def __init__(self, lines: list[str]) -> None:
        self.text = " ".join(
            head_lines(lines, _MAX_CHARS)
        )  # line breaks are wraps: a space for the search
        low = self.text.lower()
        self.low = low if len(low) == len(self.text) else None
        self.uni: dict[str, list[int]] = {}
        self.bi: dict[tuple[str, str], list[int]] = {}
        self.done: set[object] = set()

    def _initial(self, pos: int) -> bool:
        text = self.text
        j = pos - 1
        while j >= 0 and text[j] in _SPACE:
            j -= 1
        return j < 0 or text[j] in _INITIAL_PUNCT

    def _find(self, needle: str) -> list[int]:
        """Start offsets of ``needle`` as whole words, at most _MAX_HITS of them."""
        low = self.low
        assert low is not None
        out: list[int] = []
        n = len(needle)
        size = len(low)
        pos = low.find(needle)
        scans = 0
        while pos >= 0 and len(out) < _MAX_HITS and scans < _MAX_SCAN:
            scans += 1
            end = pos + n
            if (pos == 0 or not low[pos - 1].isalpha()) and (end >= size or not low[end].isalpha()):
                out.append(pos)
            pos = low.find(needle, pos + 1)
        return out

    def ensure(self, words: list[str]) -> None:
        """Gather evidence for ``words`` (lower case, in phrase order)."""
        if self.low is None:
            return
        clean = [x.strip(_EDGE_PUNCT) for x in words]
        text = self.text
        done = self.done
        for w in clean:
            if not w or w in done or w in _FUNCTION_WORDS or not w.isalpha():
                continue
            done.add(w)
            u = self.uni[w] = [0, 0]
            for pos in self._find(w):
                if text[pos].isupper():
                    if len(w) > 1 and text[pos + 1].isupper():
                        continue  # a heading in capitals: no evidence
                    if not self._initial(pos):
                        u[0] += 1
                else:
                    u[1] += 1
        for a, b in pairwise(clean):
            key = (a, b)
            if key in done or not a.isalpha() or not b.isalpha():
                continue
            done.add(key)
            counts = [0, 0, 0, 0]
            la = len(a) + 1
            for pos in self._find(f"{a} {b}"):
                pb = pos + la
                if text[pb].isupper():
                    if len(b) > 1 and text[pb + 1].isupper():
                        continue
                    counts[0] += 1
                else:
                    counts[1] += 1
                if not self._initial(pos):
                    counts[2 if text[pos].isupper() else 3] += 1
            if any(counts):
                self.bi[key] = counts


def _vote(index: CaseIndex | None, words: list[str], i: int) -> int:
    """>0: capitalise, <0: lower, 0: no evidence. The word on the left decides first."""
    if index is None:
        return 0
    w = words[i]
    if i > 0:
        b = index.bi.get((words[i - 1], w))
        if b and b[0] != b[1]:
            return 1 if b[0] > b[1] else -1
    if i + 1 < len(words):
        b = index.bi.get((w, words[i + 1]))
        if b and b[2] != b[3]:
            return 1 if b[2] > b[3] else -1
    u = index.uni.get(w)
    if u:
        if u[0] > 1 and not u[1]:
            return 1
        if u[1] and not u[0]:
            return -1
    return 0


def recase(text: str, index: CaseIndex | None, *, name: bool = False) -> str:
    """Sentence case for an upper-case phrase; ``name`` applies the body-name rules."""
    raw = text.split()
    if not raw:
        return text
    parts = [_CORE_RE.match(tok).groups() for tok in raw]  # type: ignore[union-attr]
    words = [core.lower() for _, core, _ in parts]
    if index is not None:
        index.ensure(words)
    cap = [False] * len(words)
    keep = [False] * len(words)
    for i, (_, core, _) in enumerate(parts):
        symbolic = any(ch.isdigit() for ch in core) or "/" in core
        abbreviation = core.isupper() and (
            core in ABBREVIATIONS
            or not _VOWEL_RE.search(core)
            or (_ROMAN_RE.match(core) is not None and core.lower() not in ("vi", "xi"))
        )
        if symbolic or abbreviation:
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
            while (
                j < len(words)
                and taken < 4
                and words[j] not in _STOP_AFTER_PLACE
                and not keep[j]
                and (taken < 2 or _vote(index, words, j) > 0)
            ):
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
    # A type word naming a specific document: "Quy định số 377-QĐ/TW", "Luật Giáo dục".
    for i in range(len(words) - 1):
        if (
            (words[i], words[i + 1]) in _TYPE_PAIRS
            and i + 2 < len(words)
            and (words[i + 2] == "số" or keep[i + 2])
        ):
            cap[i] = True
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
            if tuple(words[i : i + k]) == fixed:
                for j in range(i + 1, i + k):
                    cap[j] = False
                if i + k < n and words[i + k] not in (
                    "tỉnh",
                    "thành",
                    "huyện",
                    "quận",
                    "xã",
                    "phường",
                    "thị",
                    "các",
                ):
                    cap[i + k] = True
    if n >= 2:
        first2 = f"{words[0]} {words[1]}"
        k = 2 if first2 in NAME_OPENERS else 1 if words[0] in NAME_OPENERS else 0
        if (
            k
            and n > k
            and tuple(words[:4]) not in _FIXED_NAMES
            and words[k] not in _STOP_AFTER_PLACE
            and words[k] != "thành"
        ):
            cap[k] = True


def restore_diacritics(phrase: str, lines: list[str]) -> str:
    """Put back diacritics an OCR lost ("TINH UY LAI CHAU"), from the document itself.

    The longest runs of words (two or more) whose folded form occurs in the folded
    text are replaced by the text's own spelling; a phrase that already carries
    diacritics is returned unchanged.
    """
    if not phrase.isascii():
        return phrase
    words = phrase.split()
    if len(words) < 2:
        return phrase
    text = " ".join(lines)
    folded = fold(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i + 1, -1):
            needle = " ".join(w.lower() for w in words[i:j])
            pos = _find_word_run(folded, text, needle)
            if pos >= 0:
                found = text[pos : pos + len(needle)].split()
                out.extend(_copy_case(w, f) for w, f in zip(words[i:j], found, strict=False))
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _find_word_run(folded: str, text: str, needle: str) -> int:
    pos = folded.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        if (
            (pos == 0 or not folded[pos - 1].isalnum())
            and (end >= len(folded) or not folded[end].isalnum())
            and not text[pos:end].isascii()
        ):  # only where the text has diacritics to give
            return pos
        pos = folded.find(needle, pos + 1)
    return -1


def _copy_case(target: str, source: str) -> str:
    """``source``'s letters with ``target``'s case pattern (upper, title or lower)."""
    if target.isupper():
        return source.upper()
    if target[:1].isupper():
        return source[:1].upper() + source[1:]
    return source
