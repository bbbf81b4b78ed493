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
Vietnamese message (English in the .po; see the block at the end of
:mod:`.errors`).  One module per step: :mod:`.checks` (1–4), :mod:`.plain_text`,
:mod:`.word`, :mod:`.pdf`, :mod:`.image` (5), :mod:`.cleaning` and
:mod:`.legacy_fonts` (6).
"""

from __future__ import annotations

from tincoso.documents.extraction.checks import DEFAULT_MAX_BYTES, check_upload
from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.extraction.image import extract_image
from tincoso.documents.extraction.pdf import extract_pdf
from tincoso.documents.extraction.plain_text import extract_txt
from tincoso.documents.extraction.result import Extracted, Kind, Progress
from tincoso.documents.extraction.word import extract_docx

__all__ = ["Extracted", "ExtractionError", "Kind", "check_upload", "extract_text"]

DEFAULT_MAX_PAGES = 200


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

    Raises :class:`ExtractionError` with one of the codes listed in ``errors.MESSAGES``.
    """
    ext = check_upload(data, filename, max_bytes=max_bytes)
    if ext == "txt":
        return extract_txt(data)
    if ext == "docx":
        return extract_docx(data, filename, max_bytes=max_bytes)
    if ext == "pdf":
        return extract_pdf(data, max_pages=max_pages, ocr=ocr, progress=progress)
    # A photo saved as .png but sent as .jpg is still a page image.
    return extract_image(data, max_pages=max_pages, ocr=ocr, progress=progress)
