"""Turn raw text (plain, docx-extracted or HTML→Markdown) into clean lines.

Steps: NFC, drop Markdown emphasis and escapes, split tab-separated columns onto
their own lines, split a flattened two-column header at the Quốc hiệu / Tiêu ngữ /
"ĐẢNG CỘNG SẢN VIỆT NAM", and find where web-page boilerplate ends and resumes so
that nothing from a site's menus, metadata table or privacy notice is read as part
of the document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .vocab import fold

_SPACES_RE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")
_EMPHASIS_RE = re.compile(r"\*+|_{2,}")
_ESCAPE_RE = re.compile(r"\\([-.*_#()\[\]!+`>|])")
_HEADING_RE = re.compile(r"^#{1,6}\s*")
_INLINE_WS_RE = re.compile(r"[ \t\r\f\v]+")

# Patterns run on folded text (lower-case, no diacritics).
QUOC_HIEU_F = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
DANG_F = re.compile(r"dang\s+cong\s+san\s+viet\s+nam")
TIEU_NGU_F = re.compile(r"doc\s+lap\s*[-–—]\s*tu\s+do\s*[-–—]\s*hanh\s+phuc")

# Web boilerplate (legal-document portals): lines that start the trailing page furniture.
_TAIL_MARKERS_F = re.compile(
    r"^(?:#*\s*van ban lien quan\s*$|van ban nay chua cap nhat noi dung tieng anh|"
    r"noi dung sua doi, huong dan\s*$|cam on da dung|ban vua bi dang xuat|"
    r"luu tru, su dung thong tin khach hang|file duoc dinh kem theo van ban|"
    r"tai khoan hien da du nguoi)"
)
# Lines of the leading page furniture (metadata table, notices).
_HEAD_MARKERS_F = re.compile(
    r"^(?:ban dich nay thuoc quyen so huu|dang tai van ban|so hieu:|loai van ban:|"
    r"noi ban hanh:|nguoi ky:|ngay ban hanh:|ngay hieu luc:|ngay cong bao:|so cong bao:|"
    r"tinh trang:|click vao phan|cac noi dung duoc sua doi|thu vien phap luat)"
)
_ANCHOR_LINE_F = re.compile(
    r"(?:chu\s+nghia|cong\s+san)\s+viet\s+nam|^cong\s+hoa\s+xa|^dang\s+cong\s+san"
)
_SUMMARY_F = re.compile(r"\bban hanh\s*$")


@dataclass(slots=True)
class Cleaned:
    lines: list[str]
    folded: list[str]
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
            if m.end() < len(line) and line[m.end():].strip(" .,-"):
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
    text = _SPACES_RE.sub(" ", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    lines: list[str] = []
    for raw in text.split("\n"):
        for cell in raw.split("\t"):
            cell = _INLINE_WS_RE.sub(" ", _HEADING_RE.sub("", cell.strip())).strip()
            if cell and ("viet nam" in fold(cell) or "hanh phuc" in fold(cell)):
                lines.extend(_split_flattened(cell))
            else:
                lines.append(cell)
    folded = [fold(line) for line in lines]
    start, end = _document_span(folded)
    return Cleaned(lines, folded, start, end)


def _document_span(folded: list[str]) -> tuple[int, int]:
    """Skip a web page's leading furniture and cut its trailing furniture."""
    n = len(folded)
    end = n
    for i, f in enumerate(folded):
        if _TAIL_MARKERS_F.match(f):
            end = i
            # The page repeats the title in a summary line just above the tail.
            while end > 0 and (not folded[end - 1] or _SUMMARY_F.search(folded[end - 1])):
                end -= 1
            break
    start = 0
    limit = min(end, 200)
    for i in range(limit):
        if _ANCHOR_LINE_F.search(folded[i]):
            limit = i
            break
    for i in range(limit):
        if _HEAD_MARKERS_F.match(folded[i]):
            start = i + 1
    if start:
        # Skip the value cells that follow the last metadata label.
        while start < end and (not folded[start] or folded[start] == "|"
                               or not any(c.isalpha() for c in folded[start])
                               or folded[start] in ("da biet", "dang cap nhat", "con hieu luc",
                                                    "het hieu luc", "chua co hieu luc")):
            start += 1
    return start, end
