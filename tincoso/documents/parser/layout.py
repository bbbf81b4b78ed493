"""Layout normaliser: put any text rendering of a document into reading-order lines.

Runs before ``clean_text``. Texts reach the parser from HTML pages, HTML→Markdown
conversions, pandoc, pdftotext and OCR; the same two-column header (issuer column on
the left, Quốc hiệu or "ĐẢNG CỘNG SẢN VIỆT NAM" on the right, then number and
place-date) arrives as HTML cells, ``|`` table rows, one line per row with the two
columns glued by spaces, or cell by cell. Every rule here is about those renderings,
never about a particular document:

* HTML: block tags end a line, table rows become ``|`` rows, entities are decoded;
* ``|`` tables (Markdown pipe tables, pandoc grid tables; empty spacer columns
  ignored): a two-column layout table (header, signature footer) is read column by
  column — the left cell lines, then the right cell lines — so the issuer column
  stays together and the Quốc hiệu column follows it; wider data tables row by row;
* pandoc line blocks ("| text") and spans ("[...]{.underline}") lose their markup;
* cell lines glued when a converter dropped their breaks are cut at bold
  boundaries ("****"), glued rules ("NAI-------Số"), a glued "Số: 1" and "V/v";
* letter-spaced headings ("Q U Y Ế T   Đ Ị N H") are closed up;
* columns flattened onto one line with a run of spaces (non-breaking too) are split
  at the run; on a Nơi nhận line two spaces before a signing-block part suffice;
* page-break characters and page-number lines ("- 3 -", "Trang 3/12") are dropped;
* the number line is mended when it reads longer so: "Số:12/QĐ" → "Số: 12/QĐ",
  spaces inside the symbol ("12 / QĐ - UBND", "Q Đ-UBND") are closed up.
"""

from __future__ import annotations

import html
import re

from .references import parse_symbol

_CELL_BREAK = "\x1e"
_HTML_RE = re.compile(r"<\s*(?:table|tr|td|p|div|br|b|strong|i|em|span)\b[^>]*>", re.IGNORECASE)
_BLOCK_END_RE = re.compile(r"<\s*(?:br|/p|/div|/h\d|/li|p|div)\b[^>]*>", re.IGNORECASE)
_ROW_END_RE = re.compile(r"<\s*/\s*tr\s*>", re.IGNORECASE)
_CELL_RE = re.compile(r"<\s*t[dh]\b[^>]*>", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[^<>\n]{0,300}>")
_TABLE_RE = re.compile(r"<\s*table\b.*?</\s*table\s*>", re.IGNORECASE | re.DOTALL)
_BR_RE = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
# Is there a table at all: a line with two "|" or a grid border, or a line block.
_TABLE_HINT_RE = re.compile(r"^[ \t]*(?:\|[^\n]*\||\+[-=:+]{3,}\+|\|[ \t]+\S)", re.MULTILINE)
# A pandoc line block ("| ỦY BAN NHÂN DÂN"): one "|" then text, no other "|" on the line.
_LINE_BLOCK_RE = re.compile(r"^[ \t]*\|[ \t]+(?=[^|\s][^|\n]*$)", re.MULTILINE)
_GRID_RULE_RE = re.compile(r"^\+[-=:+]{3,}\+$")
# pandoc spans: "[Độc lập - Tự do - Hạnh phúc]{.underline}".
_PANDOC_SPAN_RE = re.compile(r"\[([^\[\]]{0,400}?)\]\{[^{}\n]{0,80}\}")
_ALIGN_ROW_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GAP_RE = re.compile(r"\S(?: {3,}|\t+)(?=\S)")
# A Nơi nhận line with the signing column after two spaces.
_GAP2_RE = re.compile(r"^(\s*(?:[-–+•]|N[ơo]i nh[ậa]n).*?\S)\s{2,}(\S.*)$", re.IGNORECASE)
# "Số          -HD/BTCTU": a number left blank for signing is one cell, not two.
_BLANK_NUMBER_RE = re.compile(r"^\s*S[ốỐoO]\s*[:.]?\s+[-/.…_]+\s*[A-ZĐ]")
# A rule glued between two cell lines ("HÀ NỘI-------Số:", "phúc**-----*Hà Nội").
_RULE_RUN_RE = re.compile(r"[-_=]{3,}")
# "Số: 12/..." glued to the upper-case line before it.
_GLUED_SO_RE = re.compile(r"S(?<=[A-ZĐÀ-Ỹ*]S)[ốỐ](?=\s*[:.]?\s*\d)")
# "Số: 12/UBND-VX*V/v ...*": the V/v cell line glued to the number.
_GLUED_VV_RE = re.compile(r"(?<=[\w*])(?=\*{0,2}V/v\b)")
# A letter-spaced heading line: single capital letters separated by spaces.
_UPPER = "A-ZĐÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝĂĨŨƠƯẠ-Ỹ"
_SPACED_RE = re.compile(rf"^[ \t]*(?:[{_UPPER}][ \t]+){{3,}}[{_UPPER}][ \t]*$", re.MULTILINE)
_PAGE_LINE_RE = re.compile(
    r"^[^\S\n]*(?:[-–—][^\S\n]*\d{1,3}[^\S\n]*[-–—]|Trang[^\S\n]+\d{1,3}(?:[^\S\n]*/[^\S\n]*\d{1,3})?|"
    r"Page[^\S\n]+\d{1,3}(?:[^\S\n]*(?:/|of)[^\S\n]*\d{1,3})?|\d{1,3}[^\S\n]*/[^\S\n]*\d{1,3})[^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The number line: "Số" glued to the number, spaces around the symbol's separators.
_SO_GLUED_RE = re.compile(r"^(\W{0,3}S[ốỐoO]\s*[:.]?)(?=\d)")
_SYMBOL_SPACES_RE = re.compile(
    r"(?<=[\dA-ZĐa-z])\s+([/-])\s*(?=[\dA-ZĐ])|(?<=[\dA-ZĐ][/-])\s+(?=[\dA-ZĐ])"
)
_SPLIT_CODE_RE = re.compile(r"(?<=[/-])([A-ZĐ]) (?=[A-ZĐ][A-ZĐa-z]*(?:[-/]|$|\s))")
_NUMBER_CHUNK_RE = re.compile(
    r"^[^\S\n]{0,3}[^\w\n]{0,3}(?:Số|SỐ|So|SO)[^\S\n]*[:.]?[^\S\n]*(?:\d|$)[^\n]*(?:\n[^\n]*)?",
    re.MULTILINE,
)
_BARE_SO_RE = re.compile(r"^\W{0,3}(?:Số|SỐ|So|SO)\s*[:.]?\W*$")
_FORM_FEED_RE = re.compile(r"[ \t]*\d{0,3}[ \t]*\f[ \t]*(?:\d{1,3}[ \t]*(?=\n))?")


def normalise_layout(text: str) -> str:
    if "\xa0" in text or "\u3000" in text:  # non-breaking spaces also separate columns
        text = text.replace("\xa0", " ").replace("\u3000", " ")
    if "<" in text and _HTML_RE.search(text):
        text = _html_to_text(text)
    if "]{" in text:
        text = _PANDOC_SPAN_RE.sub(r"\1", text)
    if "|" in text and _TABLE_HINT_RE.search(text):
        text = _LINE_BLOCK_RE.sub("", text)
        text = _tables_to_lines(text)
    text = _unglue_cells(text)
    if _SPACED_RE.search(text):
        text = _SPACED_RE.sub(_unspace, text)
    if "  " in text or "\t" in text:
        text = _split_gaps(text)
    text = _drop_page_furniture(text)
    return _mend_number_lines(text)


def _unspace(m: re.Match[str]) -> str:
    """A letter-spaced heading ("Q U Y Ế T   Đ Ị N H"): a wide gap separates words."""
    return " ".join(w.replace(" ", "") for w in re.split(r"\s{2,}", m.group(0).strip()))


def _html_to_text(text: str) -> str:
    """HTML to lines; a table row becomes a ``|`` row whose cells keep <br> breaks."""

    def table(m: re.Match[str]) -> str:
        t = m.group(0).replace("\n", " ")
        t = _ROW_END_RE.sub("|\n", t)
        t = _CELL_RE.sub("| ", t)
        t = _BLOCK_END_RE.sub(_CELL_BREAK, t)
        return "\n" + t + "\n"

    text = _TABLE_RE.sub(table, text)
    text = _ANY_TAG_RE.sub(_tag_to_text, text)
    # A line break inside a table cell stays one for the table reader; elsewhere it ends a line.
    lines = [x if _is_row(x) else x.replace(_CELL_BREAK, "\n") for x in text.split("\n")]
    return html.unescape("\n".join(lines))


def _tag_to_text(m: re.Match[str]) -> str:
    tag = m.group(0)
    if _BR_RE.fullmatch(tag):
        return _CELL_BREAK
    if _BLOCK_END_RE.fullmatch(tag):
        return "\n"
    return ""


def _cells(row: str) -> list[list[str]]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    out = []
    for cell in row.split("|"):
        parts = [p.strip() for p in _BR_RE.split(cell.replace(_CELL_BREAK, "<br>"))]
        out.append([p for p in parts if p and not re.fullmatch(r"[\\\-–—_=*\s]+", p)])
    return out


def _is_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _is_rule(line: str) -> bool:
    """A Markdown alignment row or a pandoc grid-table border inside a table."""
    s = line.strip()
    return bool(s) and bool(_ALIGN_ROW_RE.match(s) or _GRID_RULE_RE.match(s))


def _tables_to_lines(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _is_row(lines[i]) and not (
            _GRID_RULE_RE.match(lines[i].strip()) and i + 1 < len(lines) and _is_row(lines[i + 1])
        ):
            out.append(lines[i])
            i += 1
            continue
        block = []
        while i < len(lines) and (_is_row(lines[i]) or _is_rule(lines[i])):
            if not _is_rule(lines[i]):
                block.append(_cells(lines[i]))
            i += 1
        out.extend(_read_table(block))
    return "\n".join(out)


def _read_table(rows: list[list[list[str]]]) -> list[str]:
    rows = [r for r in rows if any(r)]
    if not rows:
        return [""]
    # A spacer column (empty in every row) is layout, not a column of text.
    width = max(len(r) for r in rows)
    keep = [k for k in range(width) if any(k < len(r) and r[k] for r in rows)]
    rows = [[r[k] if k < len(r) else [] for k in keep] for r in rows]
    width = len(keep)
    out = [""]
    if width <= 2:
        # A layout table: the left column, then the right column.
        for col in range(width):
            for r in rows:
                if col < len(r):
                    out.extend(r[col])
            out.append("")
        return out
    for r in rows:
        out.append(" | ".join(" ".join(c) for c in r if c))
    out.append("")
    return out


def _unglue_cells(text: str) -> str:
    """Cells whose lines were glued when their <p>/<br> were dropped (markdownify):
    "**ỦY BAN NHÂN DÂN****TỈNH X**-------Số: 12/QĐ-UBND" is three lines."""
    if "****" in text:
        text = text.replace("****", "**\n**")
    if "---" in text or "___" in text or "===" in text:
        text = _RULE_RUN_RE.sub(_unglue_rule, text)
    text = _GLUED_SO_RE.sub(r"\n\g<0>", text)
    return _GLUED_VV_RE.sub("\n", text) if "V/v" in text else text


def _unglue_rule(m: re.Match[str]) -> str:
    """A rule between two non-blank characters on one line ends a cell line."""
    text, a, b = m.string, m.start(), m.end()
    glued = a > 0 and b < len(text) and not text[a - 1].isspace() and not text[b].isspace()
    return "\n" if glued and text[a - 1] not in "|+" and text[b] not in "|+" else m.group(0)


def _split_gaps(text: str) -> str:
    """Two columns on one line, separated by a run of spaces or tabs: one line each.

    Three spaces or a tab always separate columns; two do on a Nơi nhận line whose
    right part is a signing-block line (upper case, "(Đã ký)", a name).
    """
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) < 220 and _GAP_RE.search(line) and not _BLANK_NUMBER_RE.match(line):
            parts = [p.strip() for p in re.split(r" {3,}|\t+", line) if p.strip()]
            out.extend(parts if parts else [""])
            continue
        m = _GAP2_RE.match(line) if "  " in line else None
        if m and _is_signing_part(m.group(2)):
            out.extend([m.group(1), m.group(2).strip()])
            continue
        out.append(line)
    return "\n".join(out)


def _is_signing_part(part: str) -> bool:
    part = part.strip()
    letters = [ch for ch in part if ch.isalpha()]
    if not letters:
        return False
    if all(ch.isupper() for ch in letters) or part.startswith(("(", "[")):
        return True
    words = part.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words)


def _drop_page_furniture(text: str) -> str:
    if "\f" in text:
        # A page number printed right at the page break goes with it.
        text = _FORM_FEED_RE.sub("\n", text)
    return _PAGE_LINE_RE.sub("", text)


def _mend_number_lines(text: str) -> str:
    """Mend a number line whose symbol reads shorter as printed than closed up.

    "Số 07 - HD/BTGTU" reads the same either way and stays as printed;
    "Số: 63 / 2025/Q Đ-UBND" reads "63/2025/Q" as printed and is closed up.
    """
    return _NUMBER_CHUNK_RE.sub(_mend_chunk, text)


def _mend_chunk(m: re.Match[str]) -> str:
    """A number line and the line after it (the symbol may sit there)."""
    lines = m.group(0).split("\n")
    at = 1 if _BARE_SO_RE.match(lines[0]) and len(lines) > 1 else 0
    printed = lines[at]
    mended = _mend_symbol(_SO_GLUED_RE.sub(r"\1 ", printed))
    before, after = parse_symbol(printed), parse_symbol(mended)
    if after is not None and (before is None or len(after[0]) > len(before[0])):
        lines[at] = mended
    return "\n".join(lines)


def _mend_symbol(line: str) -> str:
    line = _SYMBOL_SPACES_RE.sub(lambda k: k.group(1) or "", line)
    return _SPLIT_CODE_RE.sub(r"\1", line)
