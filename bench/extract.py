"""Extraction figures: text PDFs read per second, and OCR pages per second.

Text PDFs: the `pdf-text` files of the shared file corpus (born-digital, most of
them e-signed), read in memory on one core with :func:`extract_text` and OCR
off, against pypdf's ``extract_text`` on the same files (what the extractor used
before; the issue's target is >= 50 documents a second).  Pages with no text
layer are counted but not recognised here.

OCR: a few scanned pages of the corpus rendered and recognised one at a time
(Tesseract, one thread), so the figure is per core; then the first page of
every scan with and without the second reading of grey paper (phone photos),
side by side.
"""

from __future__ import annotations

import io
import json
import time

from bench._worker import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
ROUNDS = 3


def _files(form: str) -> list[tuple[str, bytes]]:
    labels = [json.loads(line) for line in (CORPUS / "labels-files.jsonl").read_text().splitlines()]
    return [
        (label["file"], (CORPUS / "docs" / label["file"]).read_bytes())
        for label in labels
        if label["form"] == form
    ]


def _text_pdfs() -> None:
    import pypdf

    from tincoso.documents.extraction import extract_text

    files = _files("pdf-text")
    pages = sum(len(pypdf.PdfReader(io.BytesIO(data)).pages) for _, data in files)
    print(f"{len(files)} text PDFs, {pages} pages ({pages / len(files):.1f} a document)")
    for name, read in (
        ("extract_text (PDFium)", lambda d: extract_text(d, "a.pdf", ocr=False)),
        ("pypdf extract_text  ", _pypdf_text),
    ):
        best = min(_timed(read, files) for _ in range(ROUNDS))
        print(f"  {name}: {len(files) / best:6.1f} docs/s  {pages / best:7.0f} pages/s")


def _pypdf_text(data: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _timed(read: object, files: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for _, data in files:
        read(data)  # type: ignore[operator]
    return time.perf_counter() - started


def _ocr() -> None:
    from tincoso.documents.extraction.pdf import _ocr_dpi
    from tincoso.documents.ocr import OCR_DPI, ocr_image, vietnamese_ocr_available
    from tincoso.documents.pdf_text import image_dpi, open_pdf, render_page

    if not vietnamese_ocr_available():
        print("OCR: tesseract with 'vie' is not installed; skipped")
        return
    scans = [data for _, data in _files("pdf-scan")][:4]
    # As extraction reads a page (colour, red ink dropped, low-resolution pages at
    # 300 dpi), and in grey at 200 dpi as it did before, on the same pages.
    for label, colour in (("colour, red ink dropped", True), ("grey", False)):
        count = 0
        started = time.perf_counter()
        for data in scans:
            with open_pdf(data) as document:
                dpi = _ocr_dpi(image_dpi(document, 0)) if colour else OCR_DPI
                ocr_image(render_page(document, 0, dpi, grayscale=not colour), dpi)
                count += 1
        elapsed = time.perf_counter() - started
        print(f"OCR ({label}): {count} scanned pages, {count / elapsed:.2f} pages/s on one core")


def _paper() -> None:
    """First pages of every scan, read with and without the second reading of grey paper."""
    from tincoso.documents.extraction.pdf import _ocr_dpi
    from tincoso.documents.ocr import (
        drop_red_ink,
        flatten_paper,
        ocr_image,
        vietnamese_ocr_available,
    )
    from tincoso.documents.pdf_text import image_dpi, open_pdf, render_page

    if not vietnamese_ocr_available():
        return
    pages = []
    for _, data in _files("pdf-scan"):
        with open_pdf(data) as document:
            dpi = _ocr_dpi(image_dpi(document, 0))
            pages.append((render_page(document, 0, dpi, grayscale=False), dpi))
    grey = [p for p in pages if flatten_paper(drop_red_ink(p[0])) is not None]
    white = [p for p in pages if not any(p is g for g in grey)]
    for label, group in (("white paper", white), ("grey paper, read twice", grey)):
        if not group:
            continue
        figures = []
        for flatten in (False, True):
            started = time.perf_counter()
            for image, dpi in group:
                ocr_image(image, dpi, flatten=flatten)
            figures.append(len(group) / (time.perf_counter() - started))
        before, after = figures
        print(
            f"OCR of scans' first pages on {label} ({len(group)}):"
            f" before {before:.3f} pages/s, after {after:.3f} pages/s"
            f" (after/before {after / before:.2f})"
        )


def run() -> None:
    import django

    django.setup()
    if not CORPUS.is_dir():
        print(f"{CORPUS} not found: extraction figures skipped")
        return
    _text_pdfs()
    _ocr()
    _paper()
