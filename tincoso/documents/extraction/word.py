"""Word .docx files: body, tables, text boxes, headers and footers, in reading order."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from tincoso.core import archives
from tincoso.documents.extraction.checks import short_name
from tincoso.documents.extraction.cleaning import clean_text
from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.extraction.legacy_fonts import repair_legacy_fonts
from tincoso.documents.extraction.result import Extracted

logger = logging.getLogger(__name__)

# Zip-bomb limits for .docx (core.archives): python-docx loads every part of the
# package into memory, so what matters is how much the archive expands to.
ZIP_MAX_EXPANSION = 10  # total uncompressed size may be at most 10 × max_bytes

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_W_R, _W_T, _W_TAB, _W_BR, _W_CR = _W + "r", _W + "t", _W + "tab", _W + "br", _W + "cr"
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_W_TXBX_CONTENT = _W + "txbxContent"
# Subtrees whose text is not part of what the reader sees: properties, deleted
# and moved-away revisions, and the fallback copy of drawings (mc:Choice holds
# the same text boxes again).
_W_SKIP = frozenset(
    {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "instrText", _MC + "Fallback"}
)


def extract_docx(data: bytes, filename: str, *, max_bytes: int) -> Extracted:
    _check_docx_zip(data, filename, max_bytes=max_bytes)

    import docx  # python-docx: imported late so .txt/.pdf paths never pay for it
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines = list(_block_lines(body))
        headers = _header_footer_lines(document, RT.HEADER)
        footers = _header_footer_lines(document, RT.FOOTER)
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on bad input
        logger.info("unreadable .docx: %r", exc)
        raise ExtractionError("corrupt", kind=".docx") from exc

    text, legacy = repair_legacy_fonts(clean_text("\n".join([*headers, *lines, *footers])))
    if not text:
        raise ExtractionError("empty")
    return Extracted(text=text, kind="docx", encoding=legacy)


def _check_docx_zip(data: bytes, filename: str, *, max_bytes: int) -> None:
    """Refuse zip bombs and non-Word archives before python-docx inflates anything
    (the limits: ``core.archives``)."""
    limits = archives.ZipLimits(max_total=ZIP_MAX_EXPANSION * max_bytes)
    try:
        names = archives.inspect(data, limits)
    except archives.NotAZip as exc:
        raise ExtractionError("corrupt", kind=".docx") from exc
    except archives.ZipBomb as exc:
        logger.info("docx refused as a zip bomb: %s", exc.reason)
        raise ExtractionError("zip_bomb") from exc
    if "word/document.xml" in names:
        return
    # Not a Word document: say what it is when we can tell, so the person
    # knows to upload the right file rather than "repair" this one.
    if "xl/workbook.xml" in names:
        actual = "XLSX (Excel)"
    elif "ppt/presentation.xml" in names:
        actual = "PPTX (PowerPoint)"
    elif "mimetype" in names:
        actual = "ODF (LibreOffice/OpenOffice)"
    elif "[Content_Types].xml" not in names:
        actual = "ZIP"
    else:
        raise ExtractionError("corrupt", kind=".docx")
    raise ExtractionError(
        "wrong_extension", filename=short_name(filename), ext=".docx", actual=actual
    )


def _block_lines(container: Any) -> Iterator[str]:
    """Lines of a body, cell, header or text box, in document order.

    Paragraphs and tables are mixed in the order they appear; content controls
    (w:sdt) and custom XML wrappers are looked through.
    """
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W_P:
            yield from _paragraph_lines(child)
        elif tag == _W_TBL:
            yield from _table_lines(child)
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)
        elif tag == _W_CUSTOM_XML:
            yield from _block_lines(child)


def _table_lines(table: Any) -> Iterator[str]:
    """Row by row, cell by cell: each cell's lines in full before the next cell.

    The header of an official document is a two-column table ("ĐẢNG BỘ TỈNH …" on
    the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the date on the right); emitting whole
    cells keeps each side's lines together for the parser.
    """
    for row in _children(table, _W_TR):
        for cell in _children(row, _W_TC):
            if _continues_vertical_merge(cell):
                continue  # the text is in the first cell of the merge
            yield from _block_lines(cell)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through w:sdt and w:customXml wrappers."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _W_CUSTOM_XML:
            yield from _children(child, tag)


def _continues_vertical_merge(cell: Any) -> bool:
    merge = cell.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _paragraph_lines(paragraph: Any) -> Iterator[str]:
    """The paragraph's visible text, then the text of any text boxes anchored in it.

    Walked by hand rather than with python-docx's ``Paragraph.text``, which only
    sees runs directly in the paragraph and so drops tracked insertions (w:ins),
    field results, smart tags and inline content controls.
    """
    parts: list[str] = []
    boxes: list[Any] = []
    _collect_runs(paragraph, parts, boxes)
    yield "".join(parts)
    for box in boxes:
        yield from _block_lines(box)


def _collect_runs(element: Any, parts: list[str], boxes: list[Any]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag in _W_SKIP:
            continue
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TXBX_CONTENT:
            boxes.append(child)
        elif element.tag == _W_R and tag == _W_TAB:
            parts.append("\t")  # only in a run: w:pPr/w:tabs/w:tab is a tab stop
        elif element.tag == _W_R and tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            _collect_runs(child, parts, boxes)


def _header_footer_lines(document: Any, reltype: str) -> list[str]:
    """Distinct text lines of all page headers (or footers) of the document.

    Lines without a letter are dropped: they are page numbers and rules.
    """
    parts = [
        rel.target_part
        for rel_id, rel in sorted(document.part.rels.items(), key=lambda kv: _rid_number(kv[0]))
        if rel.reltype == reltype and not rel.is_external
    ]
    seen: set[str] = set()
    lines: list[str] = []
    for part in parts:
        for line in _block_lines(part.element):
            key = line.strip()
            if key and key not in seen and any(c.isalpha() for c in key):
                seen.add(key)
                lines.append(line)
    return lines


def _rid_number(rel_id: str) -> int:
    digits = "".join(c for c in rel_id if c.isdigit())
    return int(digits) if digits else 0
