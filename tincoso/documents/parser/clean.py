"""Turn raw text (plain, docx-extracted or HTML→Markdown) into clean lines.

Steps: NFC, the layout normaliser (``layout.py``: HTML, tables, flattened columns,
page furniture, number line), drop Markdown emphasis and escapes, split tab-separated columns onto
their own lines, split a flattened two-column header at the Quốc hiệu / Tiêu ngữ /
"ĐẢNG CỘNG SẢN VIỆT NAM", and find where web-page boilerplate ends and resumes so
that nothing from a site's menus, metadata table or privacy notice is read as part
of the document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import overload

from .layout import normalise_layout
from .vocab import fold

_SPACES_RE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")
_UNDERLINE_RE = re.compile(r"__+")
_ESCAPE_RE = re.compile(r"\\([-.*_#()\[\]!+`>|])")
_HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.MULTILINE)
_MULTI_SPACE_RE = re.compile(r"  +")

# Patterns run on folded text (lower-case, no diacritics).
QUOC_HIEU_F = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
DANG_F = re.compile(r"dang\s+cong\s+san\s+viet\s+nam")
TIEU_NGU_F = re.compile(r"doc\s+lap\s*[-–—]\s*tu\s+do\s*[-–—]\s*hanh\s+phuc")

# Web boilerplate (legal-document portals): lines that start the trailing page furniture.
_TAIL_MARKERS_RE = re.compile(
    r"^(?:Văn bản liên quan\s*$|Văn bản này chưa cập nhật nội dung Tiếng Anh|"
    r"Nội dung sửa đổi, hướng dẫn\s*$|Cảm ơn đã dùng|Bạn vừa bị Đăng xuất|"
    r"(?:về )?Lưu trữ, Sử dụng Thông tin Khách hàng|File được đính kèm theo văn bản|"
    r"Tài khoản hiện đã đủ người)",
    re.MULTILINE | re.IGNORECASE,
)
# Lines of the leading page furniture (metadata table, notices).
_HEAD_MARKERS_RE = re.compile(
    r"^(?:Bản dịch này thuộc quyền sở hữu|Đang tải văn bản|Số hiệu:|Loại văn bản:|"
    r"Nơi ban hành:|Người ký:|Ngày ban hành:|Ngày hiệu lực:|Ngày công báo:|Số công báo:|"
    r"Tình trạng:|Click vào phần|Các nội dung được sửa đổi|THƯ VIỆN PHÁP LUẬT)",
    re.MULTILINE,
)
# First line of the Quốc hiệu or of "ĐẢNG CỘNG SẢN VIỆT NAM" (either may wrap).
_ANCHOR_RE = re.compile(r"(?:CHỦ\s+NGHĨA|CỘNG\s+SẢN|CHU\s+NGHIA|CONG\s+SAN)\s+VI[ỆE]T\s+NAM")
_FLAT_HINT_RE = re.compile(r"VI[ỆE]T\s+NAM|[Pp]h[úu]c\b|PH[ÚU]C\b")
_METADATA_VALUES = frozenset(
    ("da biet", "dang cap nhat", "con hieu luc", "het hieu luc", "chua co hieu luc")
)
_SUMMARY_F = re.compile(r"\bban hanh\s*$")


class LazyFold:
    """``fold`` of each line, computed on first use: most lines are never looked at."""

    __slots__ = ("_cache", "_lines")

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._cache: list[str | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, key: int) -> str: ...

    @overload
    def __getitem__(self, key: slice) -> list[str]: ...

    def __getitem__(self, key: int | slice) -> str | list[str]:
        if isinstance(key, slice):
            return [self._get(i) for i in range(*key.indices(len(self._lines)))]
        return self._get(key)

    def _get(self, i: int) -> str:
        f = self._cache[i]
        if f is None:
            f = self._cache[i] = fold(self._lines[i])
        return f


@dataclass(slots=True)
class Cleaned:
    lines: list[str]
    folded: LazyFold
    start: int  # first line of the document proper
    end: int  # one past its last line


def _split_flattened(line: str) -> list[str]:
    """Split a line carrying the left header column and the Quốc hiệu together."""
    f = fold(line)
    cuts: set[int] = set()
    for rx in (QUOC_HIEU_F, DANG_F, TIEU_NGU_F):
        for m in rx.finditer(f):
            if m.start() > 0 and line[: m.start()].strip():
                cuts.add(m.start())
            if m.end() < len(line) and line[m.end() :].strip(" .,-"):
                cuts.add(m.end())
    if not cuts:
        return [line]
    parts, prev = [], 0
    for cut in sorted(cuts):
        parts.append(line[prev:cut])
        prev = cut
    parts.append(line[prev:])
    return [p.strip() for p in parts if p.strip()]


def clean_text(text: str) -> Cleaned:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("Ð", "Đ")
    text = normalise_layout(text)
    text = _SPACES_RE.sub(" ", text)
    # Markdown emphasis; str.replace and literal-prefixed patterns keep this fast.
    text = text.replace("*", "")
    if "__" in text:
        text = _UNDERLINE_RE.sub("", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    if "#" in text:
        text = _HEADING_RE.sub("", text)
    if "\f" in text or "\v" in text:
        text = text.replace("\f", " ").replace("\v", " ")
    text = _MULTI_SPACE_RE.sub(" ", text)
    if "\t" in text:
        text = text.replace("\t", "\n")  # tab-separated columns: one cell per line
    # A flattened two-column header carries the Quốc hiệu / Tiêu ngữ beside other text.
    edits: list[tuple[int, int, str]] = []
    for m in _FLAT_HINT_RE.finditer(text):
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        if le < 0:
            le = len(text)
        if edits and edits[-1][0] == ls:
            continue
        parts = _split_flattened(text[ls:le].strip())
        if len(parts) > 1:
            edits.append((ls, le, "\n".join(parts)))
    if edits:
        out, prev = [], 0
        for ls, le, repl in edits:
            out.append(text[prev:ls])
            out.append(repl)
            prev = le
        out.append(text[prev:])
        text = "".join(out)
    lines = [line.strip() for line in text.split("\n")]
    folded = LazyFold(lines)
    start, end = _document_span(lines, folded)
    return Cleaned(lines, folded, start, end)


def _document_span(lines: list[str], folded: LazyFold) -> tuple[int, int]:
    """Skip a web page's leading furniture and cut its trailing furniture."""
    end = len(lines)
    joined = "\n".join(lines)
    m = _TAIL_MARKERS_RE.search(joined)
    if m:
        end = joined.count("\n", 0, m.start())
        # The page repeats the title in a summary line just above the tail.
        while end > 0 and (not lines[end - 1] or _SUMMARY_F.search(folded[end - 1])):
            end -= 1
    start = 0
    anchor: re.Match[str] | None = _ANCHOR_RE.search(joined)
    if anchor is None:
        # The Quốc hiệu / Đảng anchor damaged by OCR ("NGHÏA VIÊT"): match it folded.
        folded_joined = fold(joined[:60000])
        found = [m for m in (QUOC_HIEU_F.search(folded_joined), DANG_F.search(folded_joined)) if m]
        anchor = min(found, key=lambda m: m.start()) if found else None
    before = joined[: anchor.start()] if anchor else joined[:20000]
    markers = list(_HEAD_MARKERS_RE.finditer(before))
    if markers:
        start = before.count("\n", 0, markers[-1].start()) + 1
    if start >= end:
        start = 0
    if start:
        # Skip the value cells that follow the last metadata label.
        while start < end and (
            not lines[start]
            or lines[start] == "|"
            or not any(ch.isalpha() for ch in lines[start])
            or folded[start] in _METADATA_VALUES
        ):
            start += 1
    return start, end
