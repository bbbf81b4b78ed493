"""Where the document proper starts and ends, once its header and footer are known.

Grammar: a document starts at its header block (issuer column and Quốc hiệu /
"ĐẢNG CỘNG SẢN VIỆT NAM") and ends after its signature and its own phụ lục. Anything
before the header block is front matter (a web page's menus, a page title, a metadata
list, related documents); a complete other document after the signature (an attached
draft, a sample with its own header and number) is not the document's own text.
"""

from __future__ import annotations

import re

from .body import KINH_GUI_F
from .clean import Cleaned
from .header import Header, find_anchor, parse_header
from .vocab import TYPE_HEADINGS, is_upper_line

_TYPE_NAMES = frozenset(f for f, _ in TYPE_HEADINGS)

# Web furniture that can follow the document (generic site vocabulary, whole short lines).
_TAIL_RE = re.compile(
    r"^(?:©|copyright\b|bản quyền\b|chính sách bảo mật|điều khoản sử dụng|"
    r"các văn bản khác|văn bản cùng (?:lĩnh vực|cơ quan)|văn bản mới\b|tin liên quan|"
    r"bài viết liên quan|bình luận\b|ý kiến bạn đọc|tải về\b|in văn bản\b)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)


def start_at_header(c: Cleaned, h: Header) -> Header:
    """Skip front matter: the document starts at its first header block.

    A header printed after the body (docx tables extracted last) is recognised by a
    type heading standing alone on its line before it ("TỜ TRÌNH"): the document
    then starts at that heading.
    """
    if not h.found or h.start <= c.start:
        return h
    for i in range(c.start, h.start):
        if c.lines[i] and is_upper_line(c.lines[i]) and c.folded[i].strip(" .:") in _TYPE_NAMES:
            c.start = i
            return h
    c.start = h.start
    return parse_header(c)


def cut_web_tail(c: Cleaned, after: int) -> None:
    """End the document at web furniture printed after its footer."""
    lo = max(after, c.start)
    text = "\n".join(c.lines[lo : c.end])
    for m in _TAIL_RE.finditer(text):
        if len(m.group(0).split()) <= 12:
            c.end = lo + text.count("\n", 0, m.start())
            return


# Lines after a header's end (date, type heading, a trích yếu of a few lines) in
# which its "Kính gửi" line is looked for.
ADDRESSEE_LINES = 10


def _addressed(c: Cleaned, start: int) -> bool:
    """Whether a "Kính gửi:" naming a receiver in words follows line ``start`` closely."""
    for i in range(start, min(start + ADDRESSEE_LINES, c.end)):
        m = KINH_GUI_F.match(c.folded[i])
        if m:
            return sum(ch.isalpha() for ch in c.folded[i][m.end() :]) >= 4
    return False


def cut_attached_document(c: Cleaned, after: int) -> None:
    """End the document at another numbered document's header block after the signature.

    A form in the document's own phụ lục may carry a header too, but with a blank
    number ("Số .../CN") and blank addressees: a header starts another document if
    it has a real symbol, or if it is addressed to someone by name ("Kính gửi:
    Chính phủ") — a draft attached for comment is numbered only when it is issued.
    """
    saved_start, saved_end = c.start, c.end
    pos = after
    try:
        for _ in range(20):
            if pos >= saved_end:
                return
            c.start = pos
            anchor, _ = find_anchor(c)
            if anchor is None:
                return
            h = parse_header(c)
            near = h.number_line is not None and abs(h.number_line - anchor) <= 12
            if near and (h.symbol or _addressed(c, h.end)):
                saved_end = min(saved_end, h.start)
                return
            pos = anchor + 1
    finally:
        c.start, c.end = saved_start, saved_end
