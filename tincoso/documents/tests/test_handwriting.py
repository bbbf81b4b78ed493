"""Numbers and days written into a scanned header's blanks, read by the line recogniser.

The generated headers are drawn in Liberation Serif and their word boxes written
out as Tesseract gives them, with the blank read as debris at low confidence (as
Tesseract reads handwriting); the recogniser is the real one.  The corpus test
runs the whole OCR path on a real scan whose number is written by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tincoso.documents import handwriting, ocr
from tincoso.documents.handwriting import Box, fill_blanks

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "docs"
needs_recogniser = pytest.mark.skipif(
    handwriting._recogniser() is None or not FONT.exists(),
    reason="needs rapidocr-onnxruntime's model and fonts-liberation2",
)
TODAY = dt.date(2026, 11, 30)


def _header(
    number: str, day: str, month: str, blank: str, year: str = "2025"
) -> tuple[Any, list[Box]]:
    """A page top with ``Số: {number}/QĐ-UBND`` and ``Hà Nội, ngày {day} tháng {month}
    năm 2025``; the boxes give ``blank`` (debris) where the number and the day are."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1650, 2300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 39)
    boxes: list[Box] = []

    def word(x: int, y: int, text: str, read: str, confidence: float) -> int:
        draw.text((x, y), text, font=font, fill=0)
        left, top, right, bottom = (int(v) for v in draw.textbbox((x, y), text, font=font))
        boxes.append((confidence, read, (left, top, right, bottom)))
        return right + 12

    x = word(300, 230, "Số:", "Số:", 93.0)
    word(x, 230, f"{number}/QĐ-UBND", f"{blank}/QĐ-UBND", 33.0)
    x = word(900, 232, "Hà", "Hà", 96.0)
    x = word(x, 232, "Nội,", "Nội,", 96.0)
    x = word(x, 232, "ngày", "ngày", 96.0)
    x = word(x, 232, day, blank, 20.0)
    x = word(x, 232, "tháng", "tháng", 96.0)
    x = word(x, 232, month, month, 96.0)
    x = word(x, 232, "năm", "năm", 96.0)
    word(x, 232, year, year, 96.0)
    return image, boxes


def _texts(boxes: list[Box]) -> list[str]:
    return [text for _, text, _ in boxes]


@needs_recogniser
def test_blanks_tesseract_could_not_read_are_filled_and_reported() -> None:
    image, boxes = _header("415", "08", "11", blank="4Ÿ§")
    filled = fill_blanks(image, boxes, today=TODAY)
    assert filled.fields == {"number", "date"}
    assert "Số: 415/QĐ-UBND" in _texts(filled.boxes)
    assert "ngày 08 tháng 11 năm 2025" in _texts(filled.boxes)
    # The emptied words leave nothing behind when the words are put into lines
    # (one line: a header of one line has no second line to show its columns).
    text = ocr._lines(filled.boxes, image.height, 200)
    assert text == "Số: 415/QĐ-UBND Hà Nội, ngày 08 tháng 11 năm 2025"


@needs_recogniser
@pytest.mark.parametrize(
    ("number", "day", "blank", "field", "kept"),
    [
        # NĐ 30/2020 writes days below 10 with a leading zero: a lone digit read
        # from a blank is a digit lost (a hand-written 28 read as 8), not a date.
        ("415", "8", "$Ề", "date", "$Ề"),
        # Circulated before numbering: the dots of the blank are no digits (forced
        # to digits, both widenings read them as "1111").
        (". . . . .", "08", ". . . . .", "number", ". . . . ./QĐ-UBND"),
    ],
)
def test_implausible_readings_are_refused(
    number: str, day: str, blank: str, field: str, kept: str
) -> None:
    image, boxes = _header(number, day, "11", blank=blank)
    filled = fill_blanks(image, boxes, today=TODAY)
    assert field not in filled.fields
    assert kept in _texts(filled.boxes)


@needs_recogniser
def test_a_date_after_today_is_refused() -> None:
    image, boxes = _header("415", "08", "11", blank="4Ÿ§")
    filled = fill_blanks(image, boxes, today=dt.date(2025, 11, 7))
    assert filled.fields == {"number"}


@needs_recogniser
def test_what_tesseract_read_cleanly_is_left_alone() -> None:
    image, boxes = _header("415", "08", "11", blank="4Ÿ§")
    printed = [
        (96.0, text.replace("4Ÿ§", "415" if "/" in text else "08"), box) for _, text, box in boxes
    ]
    filled = fill_blanks(image, printed, today=TODAY)
    assert filled.fields == frozenset()
    assert filled.boxes == printed


@needs_recogniser
def test_a_line_that_does_not_read_as_a_number_line_is_refused() -> None:
    # Letters in the blank where the recogniser finds no "Số" prefix: nothing is filled.
    image, boxes = _header("415", "08", "11", blank="4Ÿ§")
    blank = image.crop((0, 0, 900, 400)).point(lambda v: 255)  # the number line wiped out
    image.paste(blank, (0, 0))
    filled = fill_blanks(image, boxes, today=TODAY)
    assert "number" not in filled.fields
    assert "4Ÿ§/QĐ-UBND" in _texts(filled.boxes)


@needs_recogniser
@pytest.mark.skipif(not ocr.vietnamese_ocr_available(), reason="needs tesseract with 'vie'")
def test_a_number_written_by_hand_on_a_corpus_scan_is_read() -> None:
    # 056: the Prime Minister's decision 932/QĐ-TTg, its number written by hand;
    # Tesseract alone reads it as debris ("34#").
    from tincoso.documents.extraction.pdf import _ocr_dpi
    from tincoso.documents.parser import parse_text
    from tincoso.documents.pdf_text import image_dpi, open_pdf, render_page

    with open_pdf((CORPUS / "056.pdf").read_bytes()) as document:
        dpi = _ocr_dpi(image_dpi(document, 0))
        page = render_page(document, 0, dpi, grayscale=False)
    handwritten: set[str] = set()
    text = ocr.ocr_image(page, dpi, handwritten=handwritten)
    assert "number" in handwritten
    parsed = parse_text(text)
    assert (parsed.number, parsed.symbol) == ("932", "932/QĐ-TTg")


@needs_recogniser
def test_a_day_is_judged_against_the_platforms_local_day() -> None:
    """A document numbered and dated at 06:30 in Vietnam is dated the day before in UTC:
    the blank's day is checked against the platform's clock in local time, neither
    the machine's date nor UTC's."""
    from django.utils import timezone

    from tincoso.core import clock

    image, boxes = _header("415", "08", "11", blank="4Ÿ§", year="2031")
    try:
        clock.set(timezone.make_aware(dt.datetime(2031, 11, 8, 6, 30)))  # 7 Nov in UTC
        assert fill_blanks(image, boxes).fields == {"number", "date"}
        clock.set(timezone.make_aware(dt.datetime(2031, 11, 7, 23, 0)))
        assert fill_blanks(image, boxes).fields == {"number"}  # a day still to come
    finally:
        clock.reset()
