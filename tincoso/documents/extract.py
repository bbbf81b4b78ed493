"""Turn an uploaded document (.txt, .docx, .pdf or a page image) into clean Unicode text.

This is the first step of importing a directive, plan or report: the parser that
finds "Số: 07-CT/TW", the issuing body and the date works on the text returned
here and never sees a file format.  Everything a person might upload is treated as
hostile until proven otherwise, so the checks run in a fixed order, cheapest
first:

1. size (before anything else, so a huge upload costs nothing more);
2. emptiness;
3. the extension must be one we read;
4. the real type, sniffed from the first bytes, must match the extension;
5. format-specific checks (zip bomb, encryption, page count, pixel count, ...),
   then extraction: PDF pages as a person sees them, stamps and signature
   appearances included (:mod:`pdf_text`), pages without a usable text layer and
   page images through Vietnamese OCR (:mod:`ocr`);
6. text hygiene: NFC, no control characters, ``\\n`` line ends, at most two blank
   lines in a row; in .docx and .pdf, text typed in the legacy .VnTime (TCVN3)
   and VNI fonts is converted to Unicode (:func:`repair_legacy_fonts`).

Every refusal is an :class:`ExtractionError` with a stable ``code`` and a
Vietnamese message (English in the .po; see the block at the end of this file).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from tincoso.core import archives
from tincoso.core.errors import DomainError
from tincoso.documents import legacy_encodings
from tincoso.documents.ocr import (
    OCR_DPI,
    OcrError,
    ocr_image,
    ocr_stamp,
    vietnamese_ocr_available,
)
from tincoso.documents.pdf_text import (
    PdfError,
    image_dpi,
    looks_scanned,
    open_pdf,
    pdf_start,
    read_page,
    render_page,
)
from tincoso.documents.text_quality import letter_count, looks_vietnamese

logger = logging.getLogger(__name__)

Kind = Literal["txt", "docx", "pdf", "image"]

# Extensions of page images we recognise (scans and phone photos of a page).
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "tif", "tiff"})
ACCEPTED_EXTENSIONS = frozenset({"txt", "docx", "pdf"}) | IMAGE_EXTENSIONS

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 200

# Zip-bomb limits for .docx (core.archives): python-docx loads every part of the
# package into memory, so what matters is how much the archive expands to.
ZIP_MAX_EXPANSION = 10  # total uncompressed size may be at most 10 × max_bytes

# A PDF page with real text has far more than this many non-space characters;
# below it, on average, the "text layer" is page numbers or nothing (a scan).
MIN_CHARS_PER_PAGE = 20


@dataclass(frozen=True)
class Extracted:
    """The text of a document and how it was obtained.

    ``encoding`` is set for .txt ("utf-8", "utf-16", "cp1258", "tcvn3" or "vni");
    for .docx and .pdf it is None, or "tcvn3"/"vni" when text typed in a legacy
    font (.VnTime, VNI-Times) was converted.  ``pages`` is only set for .pdf and
    images; ``ocr`` is True when text was recognised from page images rather than
    read from a text layer, and ``ocr_pages`` lists those pages (1-based).
    """

    text: str
    kind: Kind
    encoding: str | None = None
    pages: int | None = None
    ocr: bool = False
    ocr_pages: tuple[int, ...] = ()


# Messages are Vietnamese source strings; English lives in the .po file (the
# translations are listed at the end of this module for whoever writes it).
MESSAGES: dict[str, Promise] = {
    "too_large": _("Tệp quá lớn: %(size)s MB, vượt giới hạn %(limit)s MB."),
    "empty": _("Tệp trống, không có nội dung chữ."),
    "unsupported_type": _(
        "Không hỗ trợ loại tệp %(ext)s. Chỉ nhận tệp .docx, .pdf, .txt và ảnh chụp "
        "trang văn bản (.png, .jpg, .tif) (tệp .doc cũ hãy mở bằng Word rồi lưu lại "
        "thành .docx)."
    ),
    "wrong_extension": _(
        "Tệp “%(filename)s” có đuôi %(ext)s nhưng nội dung thực là %(actual)s. "
        "Hãy kiểm tra lại tệp."
    ),
    "corrupt": _("Tệp %(kind)s bị hỏng hoặc sai định dạng nên không đọc được."),
    "zip_bomb": _("Tệp .docx có cấu trúc nén bất thường (có thể là tệp độc hại) nên bị từ chối."),
    "encrypted": _("Tệp %(kind)s được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."),
    "too_many_pages": _("Tệp PDF có %(pages)s trang, vượt giới hạn %(limit)s trang."),
    "no_text_layer": _(
        "Tệp PDF không có lớp văn bản (có thể là bản quét) và máy chủ chưa cài "
        "OCR tiếng Việt, nên không đọc được nội dung."
    ),
    "ocr_failed": _("Không nhận dạng được chữ trong bản quét PDF (OCR bị lỗi)."),
    "no_ocr_for_image": _(
        "Tệp ảnh chỉ đọc được bằng nhận dạng chữ (OCR) tiếng Việt, nhưng máy chủ "
        "chưa cài OCR tiếng Việt."
    ),
    "image_too_large": _(
        "Ảnh quá lớn (vượt 80 triệu điểm ảnh). Hãy chụp hoặc quét lại với độ "
        "phân giải thấp hơn (300 dpi là đủ)."
    ),
    "undecodable": _(
        "Không nhận ra bảng mã của tệp văn bản. Hãy lưu lại tệp với bảng mã Unicode (UTF-8)."
    ),
}

# HTTP statuses that say more than a bare 400.
_STATUS = {"too_large": 413, "unsupported_type": 415, "wrong_extension": 415}

# Format names used as %(actual)s / %(ext)s parameters.  Only the ones with words
# in them need translating; the lazy strings are rendered in the message's language.
_LABEL_TEXT = _("văn bản thuần (.txt)")
_LABEL_NO_EXTENSION = _("(không có đuôi)")
_LABEL_IMAGE = _("tệp ảnh")


class ExtractionError(DomainError):
    """A document could not be turned into text; ``code`` says why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(MESSAGES[code], **params)
        self.code = code
        self.status = _STATUS.get(code, 400)


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------
Progress = Callable[[int, int], None]  # (page being read, pages)


def _no_progress(page: int, pages: int) -> None:
    return None


def extract_text(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr: bool | None = None,
    progress: Progress | None = None,
) -> Extracted:
    """Extract clean NFC text from an uploaded .txt, .docx, .pdf or page image.

    ``ocr`` controls recognition of scanned pages and images: None (default) uses
    Tesseract if it is installed with Vietnamese, False never does, True insists
    (and fails with "no_text_layer" if it is not available).

    ``progress(page, pages)`` is called as each page of a PDF or image is read
    (the background import shows it).

    Raises :class:`ExtractionError` with one of the codes listed in ``MESSAGES``.
    """
    ext = check_upload(data, filename, max_bytes=max_bytes)
    if ext == "txt":
        return _extract_txt(data)
    if ext == "docx":
        return _extract_docx(data, filename, max_bytes=max_bytes)
    if ext == "pdf":
        return _extract_pdf(data, max_pages=max_pages, ocr=ocr, progress=progress)
    # A photo saved as .png but sent as .jpg is still a page image.
    return _extract_image(data, max_pages=max_pages, ocr=ocr, progress=progress)


def check_upload(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The checks that need no parsing (size, emptiness, extension, real type), so
    an upload can be refused before it is stored; returns the extension."""
    # Length first: nothing else may run on an oversized upload.
    if len(data) > max_bytes:
        raise ExtractionError("too_large", size=_megabytes(len(data)), limit=_megabytes(max_bytes))
    if not data:
        raise ExtractionError("empty")

    ext = _extension(filename)
    if ext not in ACCEPTED_EXTENSIONS:
        raise ExtractionError("unsupported_type", ext=f".{ext}" if ext else _LABEL_NO_EXTENSION)

    actual, label = _sniff(data)
    expected = {"txt": "text", "docx": "zip", "pdf": "pdf"}.get(ext, "image")
    if actual != expected:
        if ext == "docx" and actual == "ole" and _is_encrypted_office(data):
            # Word saves a password-protected .docx as an OLE container.
            raise ExtractionError("encrypted", kind=".docx")
        raise ExtractionError(
            "wrong_extension", filename=_short(filename), ext=f".{ext}", actual=label
        )
    return ext


def _megabytes(n: int) -> Any:
    """A size in MB, formatted lazily so each language gets its decimal separator."""
    value = n / (1024 * 1024)
    return _lazy_number(value, 0 if value == int(value) else 1)


# Evaluated when the message is rendered, inside translation.override(language).
_lazy_number = lazy(lambda value, places: number_format(value, decimal_pos=places), str)


def _short(filename: str, limit: int = 80) -> str:
    """The file's own name (browsers may send a path), cut to a readable length."""
    name = re.split(r"[\\/]", filename)[-1]
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _extension(filename: str) -> str:
    name = _short(filename, limit=10**6).strip().rstrip(".")
    base, dot, ext = name.rpartition(".")
    return ext.lower() if dot and base else ""


# ---------------------------------------------------------------------------
# Type sniffing
# ---------------------------------------------------------------------------
# (magic bytes, kind, label).  Only "pdf", "zip" and "text" can ever be accepted;
# the others exist to name the real type in the error message.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "PDF"),
    (b"PK\x03\x04", "zip", "ZIP"),
    (b"PK\x05\x06", "zip", "ZIP"),  # an empty archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "DOC/XLS (Office 97–2003)"),
    (b"MZ", "exe", "EXE"),
    (b"\x7fELF", "exe", "ELF"),
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"GIF8", "gif", "GIF"),
    (b"II*\x00", "image", "TIFF"),
    (b"MM\x00*", "image", "TIFF"),
    (b"Rar!\x1a\x07", "archive", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "7z"),
    (b"\x1f\x8b", "archive", "GZIP"),
    (b"{\\rtf", "rtf", "RTF"),
)


def _sniff(data: bytes) -> tuple[str, Any]:
    """The real type of ``data`` and a label naming it, from its first bytes."""
    head = data[:16]
    # PDF readers accept bytes before the header (whitespace, or a few junk bytes a
    # mail gateway or download script added); the trailer at the end confirms it.
    start = pdf_start(data)
    if start == 0 or (start > 0 and (not data[:start].strip() or b"%%EOF" in data[-2048:])):
        return "pdf", "PDF"
    for magic, kind, label in _MAGIC:
        if head.startswith(magic):
            return kind, label
    return "text", _LABEL_TEXT


def _is_encrypted_office(data: bytes) -> bool:
    """An OLE file holding an "EncryptedPackage" stream: a password-protected OOXML."""
    return "EncryptedPackage".encode("utf-16-le") in data


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------
# Enough bytes to recognise an encoding with certainty; the whole file is then
# decoded once with the winner.
_SNIFF_SAMPLE = 256 * 1024


# Control characters no text editor writes (tab, line ends, form feed and the DOS
# end-of-file mark are excluded).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _extract_txt(data: bytes) -> Extracted:
    text, encoding = _decode_text(data)
    # Binary junk renamed to .txt still "decodes" in the single-byte encodings;
    # a real text file has next to no control characters (a few stray ones are
    # cleaned away below; 2 % means a binary file).
    controls = len(_BINARY_CONTROLS.findall(text))
    if controls > max(16, len(text) // 50):
        raise ExtractionError("undecodable")
    text = clean_text(text)
    if not text:
        raise ExtractionError("empty")
    return Extracted(text=text, kind="txt", encoding=encoding)


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode a .txt file, guessing the encoding when there is no BOM."""
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                raise ExtractionError("undecodable") from None

    utf16 = _guess_bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            pass

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    return _decode_legacy(data)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"-be" if the bytes look like BOM-less UTF-16, else None.

    Vietnamese text is mostly ASCII letters and spaces, which in UTF-16 have a zero
    high byte; so one byte position of each pair is mostly zeros, the other never.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


_LEGACY_DECODERS = (
    # Order breaks ties: cp1258 is the only one Windows still writes by itself.
    ("cp1258", lambda b: unicodedata.normalize("NFC", b.decode("cp1258"))),
    ("vni", legacy_encodings.decode_vni),
    ("tcvn3", legacy_encodings.decode_tcvn3),
)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick the pre-Unicode Vietnamese encoding that yields the most real words."""
    sample = data[:_SNIFF_SAMPLE]
    if len(data) > _SNIFF_SAMPLE:
        cut = max(sample.rfind(b" "), sample.rfind(b"\n"))
        sample = sample[:cut] if cut > 0 else sample
    best: tuple[int, str] | None = None
    best_score: legacy_encodings.Score | None = None
    for name, decode in _LEGACY_DECODERS:
        try:
            score = legacy_encodings.score_vietnamese(decode(sample))
        except UnicodeDecodeError:
            continue  # cp1258 leaves a few bytes undefined
        if best is None or score.total > best[0]:
            best, best_score = (score.total, name), score
    assert best is not None and best_score is not None  # vni and tcvn3 never fail
    # If even the best candidate makes mostly non-words, this is neither
    # Vietnamese nor text; guessing further would hand the parser mojibake.
    if best_score.judged >= 5 and best_score.valid < best_score.invalid:
        raise ExtractionError("undecodable")
    name = best[1]
    decode = dict(_LEGACY_DECODERS)[name]
    return decode(data), name


def repair_legacy_fonts(text: str) -> tuple[str, str | None]:
    """Convert text typed in .VnTime (TCVN3) or VNI fonts inside a .docx or PDF.

    Word stores such text as the Windows-1252 characters the font redraws as
    Vietnamese, so "Tuyên giáo" arrives as "Tuyªn gi¸o" (TCVN3) or "Tuyeân giaùo"
    (VNI).  Only lines made entirely of Windows-1252 characters can be affected
    (real Unicode Vietnamese nearly always has ư, ơ, đ, ạ …); those lines are
    judged together, and converted only if a legacy decoding reads as Vietnamese
    clearly better than the text as it stands.  Returns the text and the
    encoding found ("tcvn3", "vni") or None.
    """
    lines = text.split("\n")
    candidates: list[int] = []
    raw: list[bytes] = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            raw.append(line.encode("cp1252"))
        except UnicodeEncodeError:
            continue
        candidates.append(index)
    if not candidates:
        return text, None

    before = legacy_encodings.score_vietnamese("\n".join(lines[i] for i in candidates))
    joined = b"\n".join(raw)
    best: tuple[str, legacy_encodings.Score] | None = None
    for name, decode in _LEGACY_DECODERS[1:]:  # cp1258 never reaches us this way
        score = legacy_encodings.score_vietnamese(decode(joined))
        if best is None or score.total > best[1].total:
            best = (name, score)
    assert best is not None
    name, after = best
    if after.total <= before.total or after.valid <= after.invalid:
        return text, None
    chosen = dict(_LEGACY_DECODERS)[name]
    for index, line_bytes in zip(candidates, raw, strict=True):
        lines[index] = chosen(line_bytes)
    return "\n".join(lines), name


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------
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


def _extract_docx(data: bytes, filename: str, *, max_bytes: int) -> Extracted:
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
    raise ExtractionError("wrong_extension", filename=_short(filename), ext=".docx", actual=actual)


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


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------
def _extract_pdf(
    data: bytes, *, max_pages: int, ocr: bool | None, progress: Progress | None = None
) -> Extracted:
    """Each page's text as shown (stamps included); OCR for pages without a usable layer.

    A page is recognised from its image when its text layer is missing (a scan,
    or header pages scanned into an otherwise digital file), holds only a few
    words over a full-page image (an e-signature box on a scan), or does not read
    as Vietnamese (a scanner's OCR made without the Vietnamese model, or an 8-bit
    font that no legacy decoding turns into words).
    """
    try:
        with open_pdf(data) as document:
            page_count = len(document)
            if page_count > max_pages:
                raise ExtractionError("too_many_pages", pages=page_count, limit=max_pages)
            if page_count == 0:
                raise ExtractionError("empty")
            return _read_pdf(document, page_count, ocr, progress or _no_progress)
    except PdfError as exc:
        logger.info("unreadable PDF: %r", exc.__cause__)
        raise ExtractionError(exc.reason, kind="PDF") from exc


def _read_pdf(document: Any, page_count: int, ocr: bool | None, progress: Progress) -> Extracted:
    texts: list[str] = []
    legacy: str | None = None
    can_ocr = ocr is not False and vietnamese_ocr_available()
    read_stamp = _read_stamp if can_ocr else None
    for index in range(page_count):
        progress(index + 1, page_count)
        try:
            raw_text = read_page(document, index, read_stamp)
        except Exception as exc:  # a page we cannot read would silently vanish
            logger.info("unreadable PDF page %d: %r", index + 1, exc)
            raise ExtractionError("corrupt", kind="PDF") from exc
        text, encoding = repair_legacy_fonts(clean_text(raw_text))
        legacy = legacy or encoding
        texts.append(text)

    wanted = [i for i, text in enumerate(texts) if _page_needs_ocr(document, i, text)]
    kept = sum(_visible(t) for i, t in enumerate(texts) if i not in wanted)
    if kept < MIN_CHARS_PER_PAGE * page_count:
        # Hardly any text anywhere: a scan, whatever each page looks like.
        wanted = [i for i, text in enumerate(texts) if i in wanted or letter_count(text) < 50]
    if wanted and not can_ocr and (ocr is True or kept < MIN_CHARS_PER_PAGE * page_count):
        raise ExtractionError("no_text_layer")
    if wanted and can_ocr:
        for index in wanted:
            progress(index + 1, page_count)  # again, slowly: read from its image
            try:
                dpi = _ocr_dpi(image_dpi(document, index))
                # In colour: OCR drops the red seals laid over the signature.
                image = render_page(document, index, dpi, grayscale=False)
                texts[index] = clean_text(ocr_image(image, dpi))
            except OcrError as exc:
                raise ExtractionError("ocr_failed") from exc
    text = clean_text("\n\n".join(texts))
    if not text:
        raise ExtractionError("empty")
    recognised = bool(wanted and can_ocr)
    return Extracted(
        text=text,
        kind="pdf",
        encoding=legacy if not recognised else None,
        pages=page_count,
        ocr=recognised,
        ocr_pages=tuple(i + 1 for i in wanted) if recognised else (),
    )


# A page photographed or scanned below this resolution is enlarged more for OCR:
# a phone photo of a whole page is often ~110 dpi, and Tesseract reads its small
# print better from a 300 dpi rendering (pdfium's smooth resampling) than at 200.
LOW_RES_DPI = 150
LOW_RES_OCR_DPI = 300


def _ocr_dpi(native: float | None) -> int:
    return LOW_RES_OCR_DPI if native is not None and native < LOW_RES_DPI else OCR_DPI


def _read_stamp(image: Any) -> str:
    try:
        return ocr_stamp(image)
    except OcrError:
        return ""  # a number we cannot read is a gap, not a reason to refuse the file


# A page with fewer letters than this over a full-page image is a scan whose only
# text is a stamp or an e-signature box ("Ký bởi: …"): the page must be read.
SCAN_TEXT_LETTERS = 200


def _page_needs_ocr(document: Any, index: int, text: str) -> bool:
    """Whether page ``index`` must be read from its image rather than its text layer.

    Text drawn on a born-digital page is what the page shows, so it is trusted.
    Text over a scanned page is a scanner's guess, trusted only if it reads as
    Vietnamese and holds more than a stamp's worth of words.  A page whose text
    was converted to outlines has no text at all and is read like a scan.
    """
    if letter_count(text) >= SCAN_TEXT_LETTERS and looks_vietnamese(text):
        return False
    return looks_scanned(document, index)


def _visible(text: str) -> int:
    return len(text) - len(_SPACES.findall(text))


_SPACES = re.compile(r"\s")


# ---------------------------------------------------------------------------
# Page images (scans, phone photos)
# ---------------------------------------------------------------------------
# Decoded pixels, not file size, are what an image costs: a 5 MB PNG can hold a
# 50,000 × 50,000 canvas.  A 600 dpi A3 scan is about 70 million pixels.
MAX_IMAGE_PIXELS = 80_000_000
MAX_OCR_SIDE = 3500


def _extract_image(
    data: bytes, *, max_pages: int, ocr: bool | None, progress: Progress | None = None
) -> Extracted:
    """OCR a page image (PNG, JPEG, TIFF — each frame of a TIFF is a page)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    if ocr is False or not vietnamese_ocr_available():
        raise ExtractionError("no_ocr_for_image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ExtractionError("image_too_large")
            frames = getattr(image, "n_frames", 1)
            if frames > max_pages:
                raise ExtractionError("too_many_pages", pages=frames, limit=max_pages)
            texts: list[str] = []
            for frame in ImageSequence.Iterator(image):
                (progress or _no_progress)(len(texts) + 1, frames)
                if frame.width * frame.height > MAX_IMAGE_PIXELS:
                    raise ExtractionError("image_too_large")
                frame.load()
                page = ImageOps.exif_transpose(frame)  # before resizing drops the tag
                # A 12-megapixel phone photo holds more pixels than OCR can use;
                # the long side of an A4 page at 300 dpi is 3508 pixels.
                page.thumbnail((MAX_OCR_SIDE, MAX_OCR_SIDE))
                texts.append(clean_text(ocr_image(page)))
    except ExtractionError:
        raise
    except OcrError as exc:
        raise ExtractionError("ocr_failed") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        # Pillow reports truncated and malformed files with these.
        logger.info("unreadable image: %r", exc)
        raise ExtractionError("corrupt", kind=_LABEL_IMAGE) from exc
    except Image.DecompressionBombError as exc:
        raise ExtractionError("image_too_large") from exc
    text = clean_text("\n\n".join(texts))
    if not text:
        raise ExtractionError("empty")
    return Extracted(
        text=text,
        kind="image",
        pages=len(texts),
        ocr=True,
        ocr_pages=tuple(range(1, len(texts) + 1)),
    )


# ---------------------------------------------------------------------------
# Text hygiene
# ---------------------------------------------------------------------------
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Control characters other than tab and newline, plus a stray BOM / zero-width
# no-break space, which Word and Notepad leave in the middle of pasted text.
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")  # more than two blank lines


def clean_text(text: str) -> str:
    """Normalise extracted text: NFC, ``\\n`` line ends, no control characters,
    no trailing spaces, at most two blank lines in a row, no blank lines at the
    start or end."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNWANTED.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip("\n")


# ---------------------------------------------------------------------------
# English translations (for the .po file; msgid = the Vietnamese string above)
#
# too_large:
#   "Tệp quá lớn: %(size)s MB, vượt giới hạn %(limit)s MB."
#   "The file is too large: %(size)s MB, over the %(limit)s MB limit."
# empty:
#   "Tệp trống, không có nội dung chữ."
#   "The file is empty: it contains no text."
# unsupported_type:
#   "Không hỗ trợ loại tệp %(ext)s. Chỉ nhận tệp .docx, .pdf, .txt và ảnh chụp
#   trang văn bản (.png, .jpg, .tif) (tệp .doc cũ hãy mở bằng Word rồi lưu lại
#   thành .docx)."
#   "The file type %(ext)s is not supported. Only .docx, .pdf and .txt files and
#   photos or scans of a page (.png, .jpg, .tif) are accepted (open an old .doc
#   file in Word and save it again as .docx)."
# no_ocr_for_image:
#   "Tệp ảnh chỉ đọc được bằng nhận dạng chữ (OCR) tiếng Việt, nhưng máy chủ chưa
#   cài OCR tiếng Việt."
#   "An image can only be read with Vietnamese text recognition (OCR), and the
#   server has no Vietnamese OCR installed."
# image_too_large:
#   "Ảnh quá lớn (vượt 80 triệu điểm ảnh). Hãy chụp hoặc quét lại với độ phân
#   giải thấp hơn (300 dpi là đủ)."
#   "The image is too large (over 80 million pixels). Photograph or scan it again
#   at a lower resolution (300 dpi is enough)."
# wrong_extension:
#   "Tệp “%(filename)s” có đuôi %(ext)s nhưng nội dung thực là %(actual)s. Hãy
#   kiểm tra lại tệp."
#   "The file “%(filename)s” has the extension %(ext)s but is actually
#   %(actual)s. Please check the file."
# corrupt:
#   "Tệp %(kind)s bị hỏng hoặc sai định dạng nên không đọc được."
#   "The %(kind)s file is damaged or malformed and cannot be read."
# zip_bomb:
#   "Tệp .docx có cấu trúc nén bất thường (có thể là tệp độc hại) nên bị từ chối."
#   "The .docx file has an abnormal compressed structure (it may be malicious)
#   and was rejected."
# encrypted:
#   "Tệp %(kind)s được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."
#   "The %(kind)s file is password-protected. Remove the password and upload it
#   again."
# too_many_pages:
#   "Tệp PDF có %(pages)s trang, vượt giới hạn %(limit)s trang."
#   "The PDF has %(pages)s pages, over the limit of %(limit)s pages."
# no_text_layer:
#   "Tệp PDF không có lớp văn bản (có thể là bản quét) và máy chủ chưa cài OCR
#   tiếng Việt, nên không đọc được nội dung."
#   "The PDF has no text layer (it may be a scan) and the server has no
#   Vietnamese OCR installed, so its content cannot be read."
# ocr_failed:
#   "Không nhận dạng được chữ trong bản quét PDF (OCR bị lỗi)."
#   "Text recognition (OCR) of the scanned PDF failed."
# undecodable:
#   "Không nhận ra bảng mã của tệp văn bản. Hãy lưu lại tệp với bảng mã Unicode
#   (UTF-8)."
#   "The text file's character encoding was not recognised. Please save it
#   again as Unicode (UTF-8)."
# Parameter labels:
#   "văn bản thuần (.txt)"  → "plain text (.txt)"
#   "(không có đuôi)"       → "(no extension)"
#   "tệp ảnh"               → "image"
# ---------------------------------------------------------------------------
