"""Quirk transforms: make unseen-looking variants of the labelled corpus texts.

Each transform applies one class of damage named by the corpus README's ``flags``
(flattened columns, Markdown/HTML tables, OCR confusions, web boilerplate, appendix
with another document's header, glued or split tokens, page breaks, truncation) to a
corpus text and returns the text with the labels it should still parse to. They are
written from the grammar of the formats, not from the parser's rules, so that a
parser that only memorised the corpus layout fails them.

Used by ``test_parser_quirks.py`` (thresholds) and ``bench/parser.py`` (figures).
"""

from __future__ import annotations

import copy
import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from itertools import zip_longest
from pathlib import Path
from typing import Any

from tincoso.documents.parser import parse_text

Label = dict[str, Any]
Transform = Callable[[str, Label, "Context"], "tuple[str, Label] | None"]

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
DANG = "ĐẢNG CỘNG SẢN VIỆT NAM"
_ANCHOR_RE = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG)")
_SEPARATOR_RE = re.compile(r"^[\s*_=~.·•-]*$")


@dataclass(slots=True)
class HeaderTable:
    """The corpus's two-column header table, read cell by cell (Markdown `|` rows)."""

    start: int  # first line of the table (a "|" line)
    end: int  # one past its last line
    left: list[str]  # issuer column, as printed (wrapped lines kept)
    party: bool
    number: str  # "Số: 63/2025/QĐ-UBND"
    vv: str | None  # "V/v ..." under the number (công văn)
    date: str  # "Đồng Nai, ngày 18 tháng 11 năm 2025"

    @property
    def right(self) -> list[str]:
        return [DANG] if self.party else [QUOC_HIEU, TIEU_NGU]

    @property
    def left_col(self) -> list[str]:
        return [*self.left, self.number, *([self.vv] if self.vv else [])]


@dataclass(slots=True)
class Context:
    index: int
    texts: list[str]  # every corpus text, for transforms that borrow another document
    rng: random.Random


def _strip(line: str) -> str:
    return " ".join(line.replace("*", "").split())


def _read_cells(
    lines: list[str], i: int, count: int, *, skip_empty: bool
) -> tuple[list[list[str]], int]:
    """Up to ``count`` cells of a corpus table (cells end at a "|" line); and the next line."""
    cells: list[list[str]] = []
    cur: list[str] = []
    while i < len(lines) and len(cells) < count:
        raw = _strip(lines[i])
        if lines[i].strip() == "|":
            if cur or not skip_empty:
                cells.append(cur)
            cur = []
        elif raw and not (skip_empty and _SEPARATOR_RE.match(raw)):
            cur.append(raw)
        i += 1
    return cells, i


def find_header_table(text: str) -> HeaderTable | None:
    lines = text.split("\n")
    anchor = next((i for i, x in enumerate(lines) if _ANCHOR_RE.match(_strip(x))), None)
    if anchor is None:
        return None
    k = anchor
    while k > 0 and lines[k - 1].strip() != "|":
        k -= 1
    start = k - 1
    while start > 0 and lines[start - 1].strip() != "|":
        start -= 1
    start = max(start - 1, 0)
    cells, i = _read_cells(lines, start, 4, skip_empty=True)
    if len(cells) < 4 or not cells[2][0].startswith("Số"):
        return None
    left, right, num, date = cells
    vv_at = next((j for j, x in enumerate(num) if x.lower().startswith("v/v")), None)
    vv = " ".join(num[vv_at:]) if vv_at is not None else None
    number = " ".join(num[:vv_at] if vv_at is not None else num)
    party = _strip(" ".join(right)).startswith("ĐẢNG")
    return HeaderTable(start, i, left, party, number, vv, " ".join(date))


def _replace_header(text: str, h: HeaderTable, block: str) -> str:
    lines = text.split("\n")
    return "\n".join([*lines[: h.start], block, *lines[h.end :]])


def _rows(h: HeaderTable) -> list[tuple[str, str]]:
    """Left and right column side by side, then the number beside the date."""
    rows = list(zip_longest(h.left, h.right, fillvalue=""))
    rows.append((h.number, h.date))
    if h.vv:
        rows.append((h.vv, ""))
    return rows


def _header_transform(render: Callable[[HeaderTable, Context], str]) -> Transform:
    def apply(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
        h = find_header_table(text)
        if h is None:
            return None
        return _replace_header(text, h, render(h, ctx)), label

    return apply


# --- header layouts -----------------------------------------------------------------


def render_plain(h: HeaderTable, ctx: Context) -> str:
    return "\n".join([*h.left, *h.right, h.number, *([h.vv] if h.vv else []), h.date])


def render_flattened(h: HeaderTable, ctx: Context) -> str:
    """pdftotext / copy-paste of a two-column header: each row on one line."""
    gap = " " * ctx.rng.choice((1, 2, 4, 8))
    return "\n".join(f"{a}{gap}{b}".strip() for a, b in _rows(h))


def render_interleaved(h: HeaderTable, ctx: Context) -> str:
    """A .docx header table emitted cell by cell, alternating the columns."""
    out: list[str] = []
    for a, b in _rows(h):
        out.extend(x for x in (a, b) if x)
    return "\n".join(out)


def render_date_first(h: HeaderTable, ctx: Context) -> str:
    return "\n".join([*h.left, *h.right, h.date, h.number, *([h.vv] if h.vv else [])])


def render_markdown_rows(h: HeaderTable, ctx: Context) -> str:
    """A pipe table, one row per printed line, bold issuer (markdownify/pandoc style)."""
    rows = _rows(h)
    out = [f"| **{rows[0][0]}** | **{rows[0][1]}** |", "|---|---|"]
    out.extend(f"| {a} | {'*' + b + '*' if ',' in b else b} |" for a, b in rows[1:])
    return "\n".join(out)


def render_markdown_br(h: HeaderTable, ctx: Context) -> str:
    """A pipe table with one row per column block, lines joined by <br>."""
    top = f"| **{'<br>'.join(h.left)}**<br>\\-\\-\\-\\-\\- | **{'<br>'.join(h.right)}** |"
    bottom = f"| {'<br>'.join(h.left_col[len(h.left) :])} | *{h.date}* |"
    return "\n".join(["| | |", "|:---:|:---:|", top, bottom])


def render_html(h: HeaderTable, ctx: Context) -> str:
    def cell(lines: list[str]) -> str:
        return "<td>" + "".join(f"<p><b>{escape(x)}</b></p>" for x in lines) + "</td>"

    low = h.left_col[len(h.left) :]
    return (
        '<table width="100%"><tbody><tr>'
        + cell(h.left)
        + cell(h.right)
        + "</tr>\n<tr>"
        + cell(low)
        + f"<td><p><i>{escape(h.date)}</i></p></td></tr></tbody></table>"
    )


def render_markdownify_glued(h: HeaderTable, ctx: Context) -> str:
    """HTML→Markdown that drops the <p>/<br> inside table cells: each cell one line."""
    left = "".join(f"**{x}**" for x in h.left) + "-------" + h.number
    if h.vv:
        left += f"*{h.vv}*"
    right = "".join(f"**{x}**" for x in h.right) + "---------------" + f"*{h.date}*"
    return f"| {left} | {right} |\n| --- | --- |"


def render_pandoc_line_block(h: HeaderTable, ctx: Context) -> str:
    """pandoc's line blocks: each line of a multi-line paragraph prefixed by "| "."""
    return "\n".join(f"| {x}" for x in render_plain(h, ctx).split("\n"))


def render_spacer_column(h: HeaderTable, ctx: Context) -> str:
    """An HTML header table with an empty spacer column between the two columns."""
    rows = [f"| {a} | | {b} |" for a, b in _rows(h)]
    return "\n".join([rows[0], "|---|---|---|", *rows[1:]])


def render_pandoc_grid(h: HeaderTable, ctx: Context) -> str:
    """pandoc's grid table of a .docx header: cells wrap inside fixed-width columns,
    underlined text as [..]{.underline}."""
    width = 36

    def wrap(lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            words, cur = line.split(), ""
            for w in words:
                if len(cur) + len(w) + 1 > width - 2 and cur:
                    out.append(cur)
                    cur = w
                else:
                    cur = f"{cur} {w}".strip()
            out.append(cur)
        return out

    left = wrap([f"**{x}**" for x in h.left])
    right = wrap([f"**{h.right[0]}**", *(f"[{x}]{{.underline}}" for x in h.right[1:])])
    border = "+" + "-" * width + "+" + "-" * width + "+"
    rows = [border]
    for a, b in zip_longest(left, right, fillvalue=""):
        rows.append(f"| {a:<{width - 2}} | {b:<{width - 2}} |")
    rows.append(border.replace("-", "="))
    low = wrap(h.left_col[len(h.left) :])
    for a, b in zip_longest(low, wrap([f"*{h.date}*"]), fillvalue=""):
        rows.append(f"| {a:<{width - 2}} | {b:<{width - 2}} |")
    rows.append(border)
    return "\n".join(rows)


def render_ocr_letters(h: HeaderTable, ctx: Context) -> str:
    """Tesseract-style letter errors in the Quốc hiệu / Tiêu ngữ / Đảng lines."""
    swaps = {"Ộ": "Ô", "Ã": "Ä", "Ĩ": "Ï", "Ệ": "Ê", "Đ": "Ð", "ậ": "â", "ạ": "a", "ú": "ủ"}
    out = []
    for line in render_plain(h, ctx).split("\n"):
        if line in (QUOC_HIEU, TIEU_NGU, DANG):
            chars = list(line)
            for k, ch in enumerate(chars):
                if ch in swaps and ctx.rng.random() < 0.6:
                    chars[k] = swaps[ch]
            line = "".join(chars).replace(" - ", ctx.rng.choice((" — ", "-", " -")))
        out.append(line)
    return "\n".join(out)


# --- damage to tokens ---------------------------------------------------------------


def strip_diacritics(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    nfd = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in nfd if not unicodedata.combining(ch))


def render_no_diacritics(h: HeaderTable, ctx: Context) -> str:
    return "\n".join(strip_diacritics(x) for x in render_plain(h, ctx).split("\n"))


def render_ocr(h: HeaderTable, ctx: Context) -> str:
    """OCR confusions of a scanned header: Đ read as D, stray tone marks, TƯ for TU."""
    out = []
    for line in render_plain(h, ctx).split("\n"):
        line = line.replace("QĐ", "QD").replace("Đ", ctx.rng.choice(("D", "Ð")))
        line = line.replace("/TU", "/TƯ").replace("ỦY", "UỶ").replace("HÒA", "HOÀ")
        out.append(line)
    return "\n".join(out)


def render_ocr_flattened(h: HeaderTable, ctx: Context) -> str:
    """A scanned header through OCR: rows flattened, Đ read as D, QĐ as QD."""
    text = render_flattened(h, ctx).replace("QĐ", "QD")
    return text.replace("Đ", "D").replace("ỦY", "UỶ")


def render_glued(h: HeaderTable, ctx: Context) -> str:
    """Spaces lost: "Số:63/2025/QĐ-UBND", "ngày18 tháng11 năm2025"."""
    number = re.sub(r"^(Số:?)\s*", r"\1", h.number)
    date = re.sub(r"(ngày|tháng|năm)\s+(\d)", r"\1\2", h.date)
    return render_plain(HeaderTable(h.start, h.end, h.left, h.party, number, h.vv, date), ctx)


def render_split(h: HeaderTable, ctx: Context) -> str:
    """Spaces inserted inside the symbol and the number line wrapped: "Q Đ-UBND"."""
    m = re.match(r"^(Số:?)\s*(.*)$", h.number)
    assert m is not None
    sym = m.group(2)
    sym = re.sub(r"([/-])", r" \1 ", sym, count=1)
    sym = re.sub(r"\b([A-ZĐ])([A-ZĐ])", r"\1 \2", sym, count=1)
    number = f"{m.group(1)}\n{sym}"
    return render_plain(HeaderTable(h.start, h.end, h.left, h.party, number, h.vv, h.date), ctx)


# --- footer layouts -----------------------------------------------------------------


@dataclass(slots=True)
class FooterTable:
    """The corpus's two-column footer table: Nơi nhận cell, signature cell."""

    start: int
    end: int
    recipients: list[str]
    signature: list[str]


def find_footer_table(text: str) -> FooterTable | None:
    lines = text.split("\n")
    at = next((i for i, x in enumerate(lines) if _strip(x).startswith("Nơi nhận")), None)
    if at is None or at == 0 or lines[at - 1].strip() != "|":
        return None
    cells, i = _read_cells(lines, at, 2, skip_empty=False)
    if len(cells) < 2 or not cells[1]:
        return None
    return FooterTable(at - 1, i, cells[0], cells[1])


def _footer_transform(render: Callable[[FooterTable, Context], str]) -> Transform:
    def apply(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
        f = find_footer_table(text)
        if f is None:
            return None
        lines = text.split("\n")
        return "\n".join([*lines[: f.start], render(f, ctx), *lines[f.end :]]), label

    return apply


def footer_flattened(f: FooterTable, ctx: Context) -> str:
    """Nơi nhận and signature columns side by side, one row per printed line."""
    gap = " " * ctx.rng.choice((2, 4, 8))
    sig = [*f.signature[:-1], "", "(Đã ký)", "", f.signature[-1]]
    return "\n".join(
        f"{a}{gap}{b}".strip() for a, b in zip_longest(f.recipients, sig, fillvalue="")
    )


def footer_signature_first(f: FooterTable, ctx: Context) -> str:
    """A one-column extraction that reads the right (signature) column first."""
    return "\n".join([*f.signature, "", *f.recipients])


def footer_markdown(f: FooterTable, ctx: Context) -> str:
    return "\n".join(
        [
            "| | |",
            "|---|---|",
            f"| **{f.recipients[0]}**<br>{'<br>'.join(f.recipients[1:])} "
            f"| **{'<br>'.join(f.signature[:-1])}**<br><br><br>**{f.signature[-1]}** |",
        ]
    )


def footer_e_signed(f: FooterTable, ctx: Context) -> str:
    """An e-signature box printed between the title and the name."""
    box = [
        "Ký bởi: Văn phòng",
        "Email: vanphong@example.gov.vn",
        "Thời gian ký: 01.12.2025 09:15:02 +07:00",
    ]
    return "\n".join([*f.recipients, "", *f.signature[:-1], *box, f.signature[-1]])


def footer_no_diacritics(f: FooterTable, ctx: Context) -> str:
    """An OCR'd footer that lost its diacritics, except the signer's name."""
    recipients = [strip_diacritics(f.recipients[0]), *f.recipients[1:]]
    signature = [*(strip_diacritics(x) for x in f.signature[:-1]), f.signature[-1]]
    return "\n".join([*recipients, "", *signature])


# --- whole-text transforms ----------------------------------------------------------

_MENU = [
    "Trang chủ | Giới thiệu | Văn bản | Tin tức | Liên hệ",
    "Đăng nhập  Đăng ký",
    "Tìm kiếm văn bản",
    "Chia sẻ  In  Tải về (.doc)  Tải về (.pdf)",
    "Lượt xem: 1.284",
]


def inject_boilerplate(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """A web capture: menus, a page title and related documents of *another* document,
    a metadata list before; related documents and a privacy notice after."""
    other = ctx.texts[(ctx.index + 11) % len(ctx.texts)]
    oh = find_header_table(other)
    other_sym = oh.number.split()[-1] if oh else "15/2024/QĐ-UBND"
    before = [
        *_MENU,
        "",
        f"Văn bản {other_sym} hướng dẫn thi hành (bản cũ)",
        "",
        "Thông tin văn bản",
        "Cơ quan ban hành: xem văn bản",
        "Ngày đăng: 02/12/2025",
        "Văn bản cùng lĩnh vực:",
        f"- Văn bản số {other_sym} ngày 12/3/2024",
        "- Thông tư 01/2011/TT-BNV về thể thức văn bản",
        "",
        "Nội dung toàn văn",
        "",
        ctx.rng.choice(("CƠ SỞ DỮ LIỆU VĂN BẢN", "VĂN BẢN GỐC", "TOÀN VĂN")),
    ]
    after = [
        "",
        "Các văn bản khác",
        "- Nghị định 30/2020/NĐ-CP về công tác văn thư",
        "Chính sách bảo mật: chúng tôi xử lý dữ liệu cá nhân theo Nghị định 13/2023/NĐ-CP.",
        "© 2025 Cổng thông tin. Mọi quyền được bảo lưu.",
    ]
    return "\n".join([*before, text, *after]), label


def append_other_document(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """An attached draft with its own header, number and signature after the signature."""
    other = ctx.texts[(ctx.index + 7) % len(ctx.texts)]
    if find_header_table(other) is None:
        return None
    attached = "\n".join(["", "DỰ THẢO", "", other])
    return f"{text}\n{attached}", label


def letter_space_heading(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """The type heading printed letter-spaced ("Q U Y Ế T   Đ Ị N H"); one space between
    words when the extraction lost the wide gap."""
    h = find_header_table(text)
    if h is None:
        return None
    lines = text.split("\n")
    want = strip_diacritics(label["doc_type"]).upper()
    for i in range(h.end, min(len(lines), h.end + 12)):
        if strip_diacritics(_strip(lines[i])).upper() == want and _strip(lines[i]).isupper():
            gap = ctx.rng.choice(("   ", " "))
            lines[i] = gap.join(" ".join(w) for w in _strip(lines[i]).split())
            return "\n".join(lines), label
    return None


def sample_blocks_in_body(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """A guidance-style body that shows a sample header and a sample footer."""
    h = find_header_table(text)
    if h is None:
        return None
    lines = text.split("\n")
    at = h.end + (len(lines) - h.end) // 3
    while at < len(lines) and lines[at].strip():
        at += 1
    sample = [
        "",
        "Ví dụ về thể thức trình bày:",
        "ỦY BAN NHÂN DÂN TỈNH A",
        QUOC_HIEU,
        TIEU_NGU,
        "Số: ..../QĐ-UBND",
        "A, ngày ... tháng ... năm 20...",
        "QUYẾT ĐỊNH",
        "Về việc ..........",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, ....",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "(Chữ ký, dấu)",
        "Nguyễn Văn A",
        "",
    ]
    return "\n".join([*lines[:at], *sample, *lines[at:]]), label


def incoming_stamp(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """The receiving office's 'ĐẾN' stamp (its own Số and Ngày) read before the header."""
    h = find_header_table(text)
    if h is None:
        return None
    lines = text.split("\n")
    stamp = ["ĐẾN", "Số: 5123", "Ngày: 20/9/2025", "Chuyển: ...........", ""]
    return "\n".join([*lines[: h.start], *stamp, *lines[h.start :]]), label


def insert_page_breaks(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """Page-break markers, running page numbers and page footers every ~30 lines."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        out.append(line)
        if i > 40 and i % 30 == 0 and not line.strip():
            page += 1
            marker = ctx.rng.choice(
                (f"\f{page}", f"- {page} -", f"Trang {page}/{len(lines) // 30 + 1}", "\f")
            )
            out.extend([marker, ""])
    return "\n".join(out), label


def truncate(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
    """The stored copy stops in the middle of the body: the footer fields are gone."""
    lines = text.split("\n")
    h = find_header_table(text)
    if h is None:
        return None
    head_end = h.end
    title_end = head_end + 40
    cut = max(title_end, int(len(lines) * 0.55))
    if cut >= len(lines) - 5:
        return None
    kept = "\n".join(lines[:cut])
    if re.search(r"N[ơo]i nh[ậa]n", kept, re.IGNORECASE):
        return None
    want = copy.deepcopy(label)
    for key in ("recipients", "signer_name", "signer_title", "signing_authority"):
        want[key] = None
    # A reference is lost with the cut when its first mention was after the cut.
    full = _squeeze(text)
    at = len(_squeeze(kept))
    want["references"] = [r for r in label.get("references") or [] if full.find(_squeeze(r)) < at]
    return kept, want


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("*", "")).upper().replace("QD", "QĐ")


TRANSFORMS: dict[str, Transform] = {
    "plain_lines": _header_transform(render_plain),
    "flattened_columns": _header_transform(render_flattened),
    "interleaved_cells": _header_transform(render_interleaved),
    "date_before_number": _header_transform(render_date_first),
    "markdown_table_rows": _header_transform(render_markdown_rows),
    "markdown_table_br": _header_transform(render_markdown_br),
    "html_table": _header_transform(render_html),
    "pandoc_grid_table": _header_transform(render_pandoc_grid),
    "markdownify_glued_cells": _header_transform(render_markdownify_glued),
    "pandoc_line_block": _header_transform(render_pandoc_line_block),
    "spacer_column_table": _header_transform(render_spacer_column),
    "ocr_letters_in_anchor": _header_transform(render_ocr_letters),
    "no_diacritics_header": _header_transform(render_no_diacritics),
    "ocr_header": _header_transform(render_ocr),
    "ocr_flattened_header": _header_transform(render_ocr_flattened),
    "glued_tokens": _header_transform(render_glued),
    "split_tokens": _header_transform(render_split),
    "footer_flattened": _footer_transform(footer_flattened),
    "footer_signature_first": _footer_transform(footer_signature_first),
    "footer_markdown_table": _footer_transform(footer_markdown),
    "footer_e_signed": _footer_transform(footer_e_signed),
    "footer_no_diacritics": _footer_transform(footer_no_diacritics),
    "web_boilerplate": inject_boilerplate,
    "appendix_other_document": append_other_document,
    "page_breaks": insert_page_breaks,
    "incoming_stamp": incoming_stamp,
    "sample_blocks_in_body": sample_blocks_in_body,
    "letter_spaced_heading": letter_space_heading,
    "truncated": truncate,
}


def _chain(*names: str) -> Transform:
    """Several quirks at once, as real copies combine them."""

    def apply(text: str, label: Label, ctx: Context) -> tuple[str, Label] | None:
        for name in names:
            res = TRANSFORMS[name](text, label, ctx)
            if res is None:
                return None
            text, label = res
        return text, label

    return apply


TRANSFORMS["web_page_combined"] = _chain(
    "footer_markdown_table", "markdownify_glued_cells", "web_boilerplate", "page_breaks"
)
TRANSFORMS["ocr_scan_combined"] = _chain(
    "letter_spaced_heading", "footer_no_diacritics", "page_breaks", "ocr_flattened_header"
)
TRANSFORMS["ocr_scan_truncated"] = _chain("truncated", "ocr_flattened_header")
TRANSFORMS["pandoc_docx_combined"] = _chain(
    "footer_signature_first", "pandoc_grid_table", "appendix_other_document"
)


# --- scoring ------------------------------------------------------------------------


def load_corpus(corpus: Path) -> list[tuple[Label, str]]:
    labels = [json.loads(x) for x in (corpus / "labels.jsonl").read_text().splitlines() if x]
    return [
        (d, (corpus / "docs" / d["file"]).read_text(encoding="utf-8"))
        for d in labels
        if d["file"].endswith(".txt")
    ]


def score_document(scorer: Any, want: Label, text: str) -> dict[str, float]:
    got = parse_text(text).to_dict()
    return {f: scorer.score(f, want.get(f), got.get(f)) for f in scorer.FIELDS}


def score_transforms(
    scorer: Any, docs: list[tuple[Label, str]], names: list[str] | None = None
) -> dict[str, tuple[float, int, list[str]]]:
    """Per transform: (mean field score, documents it applied to, worst misses)."""
    texts = [t for _, t in docs]
    out: dict[str, tuple[float, int, list[str]]] = {}
    for name in names or list(TRANSFORMS):
        fn = TRANSFORMS[name]
        total, n, misses = 0.0, 0, []
        for i, (label, text) in enumerate(docs):
            res = fn(text, label, Context(i, texts, random.Random(i)))
            if res is None:
                continue
            new_text, want = res
            scores = score_document(scorer, want, new_text)
            total += sum(scores.values()) / len(scores)
            n += 1
            misses.extend(f"{label['file']} {f}" for f, s in scores.items() if s < 1)
        out[name] = (total / n if n else 0.0, n, misses)
    return out
