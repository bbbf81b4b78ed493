"""Read a PDF's pages with PDFium (pypdfium2): text as shown, and page images.

Why PDFium rather than pypdf: it is a C++ library (Chrome's PDF engine,
BSD/Apache licensed) and reads a 12-page text PDF about ten times faster, and it
can *flatten* a page — merge the appearance of its annotations and form fields
into the page — so the number and date that a Vietnamese e-office stamps into a
signature widget at signing ("Số: 2536 /QĐ-UBND", "ngày 12 tháng …") are read
in place, as a person sees them.  pypdf's ``extract_text`` skips them.

PDFium is not thread-safe; pypdfium2 serialises calls into it itself.
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tincoso.documents.pdf_layout import Word, page_lines

logger = logging.getLogger(__name__)

# A page rendered for OCR is capped in pixels, so a page declared a metre wide
# (PDF allows 200 inches) cannot exhaust memory.
MAX_RENDER_PIXELS = 40_000_000


class PdfError(Exception):
    """The PDF cannot be opened; ``reason`` is "corrupt" or "encrypted"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def pdf_start(data: bytes) -> int:
    """Offset of ``%PDF-`` within the first KiB (readers skip bytes before it), or -1.

    Mail gateways and download scripts sometimes prepend a few bytes; the rest of
    the file, signature included, is intact.
    """
    return data.find(b"%PDF-", 0, 1024)


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    """Open ``data`` with PDFium (leading junk stripped); raises :class:`PdfError`."""
    import pypdfium2 as pdfium

    start = pdf_start(data)
    if start > 0:
        data = data[start:]
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # FPDF_ERR_PASSWORD = 4: a user password is needed to read it.
        reason = "encrypted" if getattr(exc, "err_code", None) == 4 else "corrupt"
        raise PdfError(reason) from exc
    try:
        yield document
    finally:
        document.close()


# A stamped field (number, day, month) is a few characters of 10-14 pt text; a
# signature's seal or handwriting image is far larger and holds no text to read.
STAMP_MAX_WIDTH = 80.0
STAMP_MAX_HEIGHT = 30.0
STAMP_DPI = 400

ReadStamp = Callable[[Any], str]


def read_page(document: Any, index: int, read_stamp: ReadStamp | None = None) -> str:
    """The text of page ``index`` as shown, annotation appearances included.

    ``read_stamp``, if given, recognises a small field stamped at signing whose
    appearance is a picture of the digits rather than text (some signing tools
    do that): it gets the field rendered as an image and returns its text.
    """
    import pypdfium2.raw as raw

    page = document[index]
    try:
        stamps: list[tuple[float, float, float, float]] = []
        if raw.FPDFPage_GetAnnotCount(page.raw) > 0:
            stamps = _small_annotations(page, raw) if read_stamp else []
            # Flattening merges widget/stamp appearances into the content; the page
            # object must be reloaded to see them.
            raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY)
            page.close()
            page = document[index]
        textpage = page.get_textpage()
        try:
            words = _words(textpage)
            for box in stamps:
                if read_stamp and not textpage.get_text_bounded(*_inner(box)).strip():
                    text = read_stamp(_render_box(page, box)).strip()
                    if text:
                        words.append(_on_nearest_line(Word(text, *box), words))
        finally:
            textpage.close()
    finally:
        page.close()
    return "\n".join(page_lines(words))


def _on_nearest_line(stamp: Word, words: list[Word]) -> Word:
    """``stamp`` moved onto the text line it overlaps most nearly.

    A field stamped at signing is placed by hand over a blank ("ngày …
    tháng"), often a little above or below the printed line; on the line it
    reads "ngày 21 tháng".  Only words beside it (within a few widths) count.
    """
    middle = (stamp.bottom + stamp.top) / 2
    near = [
        w
        for w in words
        if w.bottom < stamp.top
        and w.top > stamp.bottom
        and min(abs(w.x1 - stamp.x0), abs(stamp.x1 - w.x0)) < 4 * (stamp.x1 - stamp.x0) + 20
    ]
    if not near:
        return stamp
    line = min(near, key=lambda w: abs((w.bottom + w.top) / 2 - middle))
    return Word(stamp.text, stamp.x0, line.bottom, stamp.x1, line.top)


def _inner(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The middle of ``box``: text of the line beside a field may touch its edges."""
    left, bottom, right, top = box
    dx, dy = (right - left) / 4, (top - bottom) / 4
    return left + dx, bottom + dy, right - dx, top - dy


def _small_annotations(page: Any, raw: Any) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of the page's stamp-sized annotations."""
    boxes = []
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        try:
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            width, height = rect.right - rect.left, rect.top - rect.bottom
            if 0 < width <= STAMP_MAX_WIDTH and 0 < height <= STAMP_MAX_HEIGHT:
                boxes.append((rect.left, rect.bottom, rect.right, rect.top))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return boxes


def _render_box(page: Any, box: tuple[float, float, float, float]) -> Any:
    """The part of the (flattened) page inside ``box``, as a greyscale PIL image."""
    width, height = page.get_size()
    left, bottom, right, top = box
    crop = (max(left, 0), max(bottom, 0), max(width - right, 0), max(height - top, 0))
    bitmap = page.render(scale=STAMP_DPI / 72, crop=crop, grayscale=True)
    try:
        return bitmap.to_pil()
    finally:
        bitmap.close()


def _words(textpage: Any) -> list[Word]:
    """The page's words with their boxes.

    The page text is fetched once; each word's box is the union of its first and
    last characters' boxes (two calls per word: asking PDFium for the text inside
    each box instead is quadratic and was the slowest part).
    """
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # characters outside the BMP: no 1:1 index
        return [
            Word(textpage.get_text_bounded(*box), *box)
            for box in (textpage.get_rect(i) for i in range(textpage.count_rects()))
        ]
    boxes = [ctypes.c_double() for _ in range(4)]
    left, right, bottom, top = boxes

    def box(index: int) -> tuple[float, float, float, float]:
        raw.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
        return left.value, bottom.value, right.value, top.value

    words: list[Word] = []
    for match in _WORD.finditer(text):
        # The word keeps one following space, so that _join knows PDFium saw one.
        word = match.group(1)
        a = box(match.start())
        b = box(match.start() + len(word) - 1)
        text_with_space = word + " " if match.group(2) else word
        words.append(
            Word(
                text_with_space, min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
            )
        )
    return words


_WORD = re.compile(r"(\S+)(\s?)")


# Text converted to outlines draws every glyph as a path: a page of it holds
# hundreds of paths, while rules, boxes and a seal hold a few dozen.
OUTLINE_TEXT_PATHS = 300


def looks_scanned(document: Any, index: int) -> bool:
    """True if page ``index`` shows text that is not text: images covering most of
    the page (a scan, a photo) or hundreds of paths (text converted to outlines).

    Walked through the raw API: the object wrappers cost a millisecond a page on
    text-heavy pages, which would halve the speed of reading text PDFs.
    """
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        area = max(width * height, 1.0)
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        covered = 0.0
        paths = 0
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                paths += 1
            elif kind == raw.FPDF_PAGEOBJ_IMAGE and raw.FPDFPageObj_GetBounds(
                obj, left, bottom, right, top
            ):
                covered += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
        return covered >= 0.5 * area or paths >= OUTLINE_TEXT_PATHS
    finally:
        page.close()


def image_dpi(document: Any, index: int) -> float | None:
    """Resolution of the largest image on page ``index`` as placed (pixels per inch), or None."""
    import pypdfium2.raw as raw

    page = document[index]
    try:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        best_area, best_dpi = 0.0, None
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, i)
            if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_IMAGE:
                continue
            if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            width = max(0.0, right.value - left.value)
            area = width * max(0.0, top.value - bottom.value)
            pixels_w, pixels_h = ctypes.c_uint(), ctypes.c_uint()
            if area <= best_area or width <= 0:
                continue
            if not raw.FPDFImageObj_GetImagePixelSize(obj, pixels_w, pixels_h):
                continue
            # A rotated placement swaps the sides; the larger ratio is the sharper axis.
            height = max(top.value - bottom.value, 1e-6)
            best_area = area
            best_dpi = max(pixels_w.value / width, pixels_h.value / height) * 72
        return best_dpi
    finally:
        page.close()


def render_page(document: Any, index: int, dpi: int, *, grayscale: bool = True) -> Any:
    """Page ``index`` as a PIL image at ``dpi`` (capped in pixels), greyscale unless asked."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = dpi / 72
        pixels = width * height * scale * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        bitmap = page.render(scale=scale, grayscale=grayscale, may_draw_forms=True)
        try:
            return bitmap.to_pil()
        finally:
            bitmap.close()
    finally:
        page.close()
