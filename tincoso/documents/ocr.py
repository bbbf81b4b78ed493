"""Recognise Vietnamese text in page images with Tesseract (``tesseract -l vie``).

Scans, phone photos and bare page images reach the parser through here.  Each
image is straightened first — EXIF orientation for photos, a small deskew found
by projection profiles — and if the text read back does not look like
Vietnamese the page is assumed to be on its side: Tesseract's orientation
detection (OSD) names the rotation and the page is read again.

Tesseract runs as a subprocess, one thread each (``OMP_THREAD_LIMIT=1``): the
web and task servers run several at once and the machine has few cores.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
from functools import lru_cache
from typing import Any

from tincoso.documents.handwriting import Box, fill_blanks, without_placeholders
from tincoso.documents.pdf_layout import Word, page_lines
from tincoso.documents.text_quality import looks_vietnamese, syllable_counts

logger = logging.getLogger(__name__)

# 200 dpi puts 20 pixels in the x-height of 12-14 pt print, enough for
# Tesseract's LSTM model; 300 dpi read the corpus scans no better and took twice
# as long.
OCR_DPI = 200
# Tesseract's page segmentation: automatic layout (3) first; a reading that comes
# back as debris is read again as one block of text (6), see _read_page.
PAGE_PSM = "3"
BLOCK_PSM = "6"
# Share of a reading's words that are neither syllables nor abbreviations above
# which the page is read again: clean pages of the corpus stay under 0.06 (a
# stamp or a signature costs a few words); a reading gone astray in a paragraph
# was at 0.09 and its second reading at 0.02.
GARBLED_SHARE = 0.08
# ... and at least this many such words: a page with few words loses its share
# to a stamp or a signature alone.
GARBLED_MIN_WORDS = 15
# The block reading replaces the first only if it holds this many more real words
# (net of debris): on a page read well both ways they differ by a word or two.
BLOCK_GAIN = 1.1
OCR_PAGE_TIMEOUT = 120  # seconds per Tesseract run
# Deskew: angles tried, in degrees, on a copy this many pixels wide.
DESKEW_MAX_ANGLE = 5.0
DESKEW_STEP = 0.5
DESKEW_WIDTH = 600


class OcrError(Exception):
    """Tesseract failed or is missing."""


@lru_cache(maxsize=1)
def vietnamese_ocr_available() -> bool:
    """True if Tesseract with the Vietnamese model ("vie") is installed."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        return False
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    # Output: a heading line, then one language code per line (older versions
    # print the list on stderr).
    listed = (result.stdout + "\n" + result.stderr).split()
    return "vie" in listed


def ocr_image(
    image: Any,
    dpi: int = OCR_DPI,
    *,
    flatten: bool = True,
    handwritten: set[str] | None = None,
) -> str:
    """The text of one page image (a PIL image at ``dpi``), straightened, in reading order.

    ``flatten=False`` skips the second reading of grey paper (for the bench's
    before/after figures).  For the header page, pass a set as ``handwritten``:
    in the reading kept, the number and date blanks that Tesseract could not read
    are read again by :mod:`handwriting`, and the fields so filled ("number",
    "date") are added to the set.
    """
    text = _best_reading(image, dpi, flatten)
    if handwritten is None or not isinstance(text, _Reading):
        return text
    filled = fill_blanks(text.image, text.boxes)
    if not filled.fields:
        return text
    handwritten.update(filled.fields)
    return _lines(filled.boxes, text.image.height, text.dpi)


def _best_reading(image: Any, dpi: int, flatten: bool) -> str:
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    image = drop_red_ink(image)
    flat = flatten_paper(image) if flatten else None
    image = deskew(image)
    text = _read_page(image, dpi)
    if flat is not None:
        # Grey or shadowed paper (a phone photo): read again on white paper and
        # keep the reading with more real words.  On the corpus the flattened
        # reading of a photo holds the signature block and the italic date line
        # that the first reading lost; on a slightly grey copy it reads worse.
        flat = deskew(flat)
        again = _read_page(flat, dpi)
        if _words_net(again) > _words_net(text):
            text, image = again, flat
    if looks_vietnamese(text):
        return text
    rotation = _orientation(image)
    if rotation:
        # OSD gives the clockwise rotation that makes the page upright.
        turned = image.rotate(-rotation, expand=True, fillcolor=255)
        again = _read_page(turned, dpi)
        if _letters(again) > _letters(text) or looks_vietnamese(again):
            return again
    return text


def _read_page(image: Any, dpi: int) -> str:
    """The page read with automatic layout, or as one block if that reading is debris.

    Tesseract's layout analysis sometimes takes a clean paragraph for a picture
    (a dark scanner edge, a QR code, a seal nearby) and reads it as symbols.  Read
    as a single block, the words come back; the lines are put into columns by
    :func:`page_lines` either way.  The reading with more real words is kept.
    """
    text = _read(image, dpi, PAGE_PSM)
    if not garbled(text):
        return text
    again = _read(image, dpi, BLOCK_PSM)
    return again if _words_net(again) > BLOCK_GAIN * _words_net(text) else text


def garbled(text: str) -> bool:
    """True if too many of the words read are no Vietnamese syllable nor abbreviation."""
    good, bad = syllable_counts(text)
    return bad >= GARBLED_MIN_WORDS and bad > GARBLED_SHARE * (good + bad)


def _words_net(text: str) -> int:
    good, bad = syllable_counts(text)
    return good - bad


def drop_red_ink(image: Any) -> Any:
    """A greyscale copy of the page in which red ink is paper.

    NĐ 30/2020 and HD 36 put the issuer's red seal over the signer's title and
    name, and the receiving office's "ĐẾN" stamp and the e-signature box are red
    too; read as grey, a seal's ring and star cover the words under it.  Printed
    text is black and handwritten numbers are blue or black: all three are dark
    in the red channel, where red ink is as light as the paper.
    """
    if image.mode in ("L", "1", "I", "I;16", "F"):
        return image.convert("L")
    return image.convert("RGB").getchannel("R")


# Paper whose brightness (text filtered out) has its median below this, or a
# tenth of it below PAPER_LOW, is lit unevenly or grey: a phone photo, a
# shadowed or yellowed copy.  Flatbed scans of the corpus sit at 253-255 both
# ways; the phone photos and grey copies at 150-235.
PAPER_MEDIAN = 245
PAPER_LOW = 235
# The paper is estimated on a copy this many times smaller, where a maximum
# filter of PAPER_FILTER pixels covers any letter's stroke.
PAPER_SCALE = 8
PAPER_FILTER = 7


def flatten_paper(image: Any) -> Any | None:
    """The page divided by its paper, so that grey or shadowed paper turns white.

    Tesseract binarises a page with one global threshold (Otsu): on a phone photo
    whose paper goes from light grey to dark grey, whole blocks (the signature
    block under a seal, an italic date line) fall on the wrong side and vanish
    from the reading.  The paper's brightness is the page with the text taken out
    (a maximum filter on a reduced copy, smoothed); each pixel divided by it
    leaves ink on white.  None for a page on white paper, which needs nothing.
    """
    from PIL import Image, ImageFilter, ImageMath

    width, height = image.size
    small = image.resize(
        (max(1, width // PAPER_SCALE), max(1, height // PAPER_SCALE)), Image.Resampling.BILINEAR
    )
    paper = small.filter(ImageFilter.MaxFilter(PAPER_FILTER)).filter(ImageFilter.BoxBlur(6))
    if not _uneven(paper):
        return None
    paper = paper.resize((width, height), Image.Resampling.BILINEAR)
    flat = ImageMath.lambda_eval(
        lambda a: a["page"] * 255.0 / (a["paper"] + 1.0),
        page=image.convert("F"),
        paper=paper.convert("F"),
    )
    return flat.convert("L")  # values above 255 are clipped to white


def _uneven(paper: Any) -> bool:
    histogram = paper.histogram()
    total = sum(histogram)
    seen = 0
    low = median = None
    for value, count in enumerate(histogram):
        seen += count
        if low is None and seen >= total / 10:
            low = value
        if median is None and seen >= total / 2:
            median = value
            break
    return (median or 0) < PAPER_MEDIAN or (low or 0) < PAPER_LOW


class _Reading(str):
    """A page's text as read, with the word boxes and the image it was read from."""

    image: Any
    boxes: list[Box]
    dpi: int


def _read(image: Any, dpi: int, psm: str = PAGE_PSM) -> str:
    """Tesseract's words, put into lines by the same layout rules as PDF text.

    Tesseract's own lines often run across the header's two columns ("V/v … Hà
    Nội, ngày …"); its word boxes go through :func:`page_lines` instead, so a
    scan's header comes out column by column like a born-digital one.
    """
    # No second pass looking for white-on-black text: official documents have
    # none, and the pass costs about a tenth of the time.
    tsv = _tesseract(image, ["-l", "vie", "--psm", psm, "-c", "tessedit_do_invert=0", "tsv"])
    boxes: list[Box] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, tall = (int(v) for v in cells[6:10])
        boxes.append((float(cells[10]), cells[11], (left, top, left + width, top + tall)))
    reading = _Reading(_lines(boxes, image.height, dpi))
    reading.image, reading.boxes, reading.dpi = image, boxes, dpi
    return reading


def _lines(boxes: list[Box], height: int, dpi: int) -> str:
    """The words of Tesseract's boxes (pixels) put into lines, once each."""
    points = 72 / dpi
    words = [
        Word(text, x0 * points, (height - y1) * points, x1 * points, (height - y0) * points)
        for _, text, (x0, y0, x1, y1) in _without_doubles(boxes)
    ]
    return "\n".join(without_placeholders(page_lines(words)))


# Two word boxes sharing more than this share of the smaller one are one word read twice.
DOUBLE_OVERLAP = 0.5


def _without_doubles(boxes: list[Box]) -> list[Box]:
    """Words minus those Tesseract read twice, the likelier reading kept.

    Next to a seal or a signature, Tesseract's page layout sometimes makes two
    overlapping text lines of one printed line (the Nơi nhận beside the
    signer's title) and reads the same words in both; put into lines by
    position, they come out glued ("báobáo cáocáo").  Of boxes that overlap by
    more than half of the smaller, the one with the higher confidence stays.
    """
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b[0]):
        if not any(_overlap(box[2], other[2]) > DOUBLE_OVERLAP for other in kept):
            kept.append(box)
    order = {id(box): i for i, box in enumerate(boxes)}
    return sorted(kept, key=lambda b: order[id(b)])


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    tall = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or tall <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * tall / smaller if smaller else 0.0


def ocr_stamp(image: Any) -> str:
    """The digits of a field stamped at signing (number, day, month, year).

    Only digits and the separators of numbers and dates are allowed: NĐ 30/2020
    has the system stamp exactly those, and a small crop read as free text
    comes back as punctuation and stray letters.
    """
    from PIL import ImageOps

    framed = ImageOps.expand(image.convert("L"), border=20, fill=255)
    text = _tesseract(
        framed, ["--psm", "7", "-l", "eng", "-c", "tessedit_char_whitelist=0123456789/.-"]
    )
    return " ".join(text.split())


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _orientation(image: Any) -> int:
    """Degrees (0, 90, 180, 270) Tesseract's OSD says the page must turn, or 0."""
    try:
        out = _tesseract(image, ["--psm", "0", "-l", "osd"])
    except OcrError:
        return 0  # OSD fails on pages with too little text: keep the page as it is
    match = re.search(r"Rotate:\s*(\d+)", out)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not match or (confidence and float(confidence.group(1)) < 1.0):
        return 0
    return int(match.group(1)) % 360


def deskew(image: Any) -> Any:
    """The image turned by the small angle that makes its text lines horizontal.

    Projection profile: on a reduced copy, the row sums of a page whose lines run
    straight alternate sharply between ink and paper, so their variance is
    largest at the right angle.
    """
    small = image.copy()
    small.thumbnail((DESKEW_WIDTH, DESKEW_WIDTH * 4))
    small = small.point(lambda v: 255 if v < 160 else 0)  # ink = 255
    best_angle, best_score = 0.0, _profile_score(small)
    steps = int(DESKEW_MAX_ANGLE / DESKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * DESKEW_STEP
        if angle == 0:
            continue
        score = _profile_score(small.rotate(angle, fillcolor=0))
        if score > best_score * 1.02:  # only a clear gain is worth a rotation
            best_angle, best_score = angle, score
    if best_angle == 0:
        return image
    return image.rotate(best_angle, expand=True, fillcolor=255)


def _profile_score(binary: Any) -> float:
    rows = binary.resize((1, binary.height), resample=2)  # BILINEAR: row means
    values = list(rows.tobytes())
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values)


def _tesseract(image: Any, args: list[str]) -> str:
    tesseract = shutil.which("tesseract")
    if not tesseract:
        raise OcrError("tesseract is not installed")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(  # noqa: S603 - resolved tool path, our own arguments
            [tesseract, "stdin", "stdout", *args],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=OCR_PAGE_TIMEOUT,
            check=True,
            env=env,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning("tesseract failed: %r", exc)
        raise OcrError(str(exc)) from exc
    return result.stdout.decode("utf-8", errors="replace")
