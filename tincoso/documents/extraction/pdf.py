"""PDF files: each page's text as shown; Vietnamese OCR for pages without a usable layer."""

from __future__ import annotations

import logging
import re
from typing import Any

from tincoso.documents.extraction.cleaning import clean_text
from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.extraction.legacy_fonts import repair_legacy_fonts
from tincoso.documents.extraction.result import Extracted, Progress, no_progress
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
    read_page,
    render_page,
)
from tincoso.documents.text_quality import letter_count, looks_vietnamese

logger = logging.getLogger(__name__)

# A PDF page with real text has far more than this many non-space characters;
# below it, on average, the "text layer" is page numbers or nothing (a scan).
MIN_CHARS_PER_PAGE = 20


def extract_pdf(
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
            return _read_pdf(document, page_count, ocr, progress or no_progress)
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
    handwritten: set[str] = set()
    if wanted and can_ocr:
        for index in wanted:
            progress(index + 1, page_count)  # again, slowly: read from its image
            try:
                dpi = _ocr_dpi(image_dpi(document, index))
                # In colour: OCR drops the red seals laid over the signature.
                image = render_page(document, index, dpi, grayscale=False)
                # The first page holds the header, whose number and day may be
                # written by hand into the printed blanks.
                header = handwritten if index == 0 else None
                texts[index] = clean_text(ocr_image(image, dpi, handwritten=header))
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
        handwritten=tuple(sorted(handwritten)),
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
