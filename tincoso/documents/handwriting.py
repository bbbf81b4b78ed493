"""Numbers and days written by hand into the printed blanks of a scanned header.

A document is often printed before it is numbered: the clerk writes the number
into ``Số: …/QĐ-UBND`` and the day (sometimes the month) into ``…, ngày … tháng …
năm 20..`` by hand, then scans it.  Tesseract's Vietnamese model reads print; on
handwriting it returns debris or, worse, a confident wrong number.

Here the printed anchors that NĐ 30/2020 puts around those blanks are found
among Tesseract's word boxes, the line holding them is cut out of the page, and
the line is read again by the PP-OCRv4 recogniser (ONNX, shipped inside the
``rapidocr-onnxruntime`` wheel; no network), whose training text is far more
varied.  A reading is taken only when it fits the grammar of the line and two
readings at different widths agree; the blank's characters are then forced to
digits (the recogniser has letters to choose from and reads a hand-written 4 as
``A`` or ``H``).  What is filled is reported, so the fields read this way are
left for the officer to confirm: a wrong number is worse than a blank.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tincoso.core import clock
from tincoso.core.text import fold

logger = logging.getLogger(__name__)

# A Tesseract word box: (confidence, text, (left, top, right, bottom)) in pixels.
Box = tuple[float, str, tuple[int, int, int, int]]

# The header (number and date lines) sits in this top share of the first page.
HEADER_SHARE = 0.35
# Tesseract read the blank itself when its words there are digits read with at
# least this confidence (printed numbers come out at 90+; handwriting under 50).
TRUSTED_CONFIDENCE = 80.0
# Two words further apart than this many line heights are not on one header line
# (the two columns of the header).
COLUMN_GAP = 2.5
# The recogniser reads lines 48 pixels high, one output column per 8 pixels: a
# hand-written number squeezed into a few columns loses digits, so each line is
# read widened by two factors and both readings must agree.  Chosen on the
# corpus's ten scans with handwriting: the number line (digits alone in the
# blank) reads best at 2-2.5, the date line (digits between words) at 1.5-2.
NUMBER_WIDENINGS = (2.0, 2.5)
DATE_WIDENINGS = (1.5, 2.0)
REC_HEIGHT = 48
# How many of the number line's heights the header's date line may sit below it.
DATE_LINES_BELOW = 3
MAX_NUMBER_DIGITS = 5
_MODEL = "models/ch_PP-OCRv4_rec_infer.onnx"


@dataclass(frozen=True)
class Filled:
    """The word boxes with the blanks Tesseract could not read filled in, and which
    fields ("number", "date") were read from handwriting."""

    boxes: list[Box]
    fields: frozenset[str]


def fill_blanks(image: Any, boxes: list[Box], *, today: dt.date | None = None) -> Filled:
    """Read the hand-filled number and date blanks of a header page again.

    ``image`` is the greyscale page Tesseract read; ``boxes`` its words.  Boxes
    are replaced only where Tesseract's reading of a blank was not clean digits
    and the recogniser's reading is plausible; anything else is left as it was.
    A date after ``today`` (the platform's local day by default) is refused.
    """
    recogniser = _recogniser()
    if recogniser is None:
        return Filled(boxes, frozenset())
    limit = image.height * HEADER_SHARE
    header = [b for b in boxes if b[2][1] < limit]
    out = list(boxes)
    fields: set[str] = set()
    try:
        number = _number_line(header)
        if number is not None:
            replaced = _fill_number(image, number, recogniser)
            if replaced is not None:
                out = _replace(out, number, replaced)
                fields.add("number")
        date = _date_line(header)
        if date is not None and _beside(date, number):
            replaced = _fill_date(image, date, recogniser, today or clock.today())
            if replaced is not None:
                out = _replace(out, date, replaced)
                fields.add("date")
    except Exception:  # the recogniser is a bonus: the page's text must not be lost
        logger.warning("reading handwritten blanks failed", exc_info=True)
        return Filled(boxes, frozenset())
    return Filled(out, frozenset(fields))


# "Số", "Số:", and how Tesseract reads it next to handwriting ("Só", "số:56Ÿ4").
_SO = re.compile(r"^s[ốoôóòồổ6][:.]?", re.IGNORECASE)
# The printed ký hiệu after the blank: a separator, then letters ("/QĐ-TTg", "-CV/…").
_SYMBOL_START = re.compile(r"[/-]\s*[^\W\d_]")
_DIGITS = re.compile(r"^\d{1,5}$")


def _line_from(anchor: Box, header: list[Box]) -> list[Box]:
    """The words on ``anchor``'s line from it rightwards, up to the column gap."""
    left, top, _, bottom = anchor[2]
    tall = bottom - top
    middle = (top + bottom) / 2
    line = sorted(
        (b for b in header if b[2][0] >= left and abs((b[2][1] + b[2][3]) / 2 - middle) < tall),
        key=lambda b: b[2][0],
    )
    kept = [anchor]
    for box in line:
        if box is anchor:
            continue
        if box[2][0] - kept[-1][2][2] > COLUMN_GAP * tall:
            break
        kept.append(box)
    return kept


def _first_line(
    header: list[Box], anchor: re.Pattern[str], end: Callable[[list[Box]], int | None]
) -> list[Box] | None:
    """The topmost line starting at a word that matches ``anchor``, cut after the
    word at index ``end(line)``; None if no such line ends as it must."""
    for box in sorted(header, key=lambda b: b[2][1]):
        if not anchor.search(box[1]):
            continue
        line = _line_from(box, header)
        last = end(line)
        if last is not None:
            return line[: last + 1]
    return None


def _number_line(header: list[Box]) -> list[Box] | None:
    """``Số`` through the word that starts the printed symbol, or None."""

    def symbol(line: list[Box]) -> int | None:
        return next(
            (
                i
                for i, word in enumerate(line)
                if _SYMBOL_START.search(_after_so(word[1]) if i == 0 else word[1])
            ),
            None,
        )

    return _first_line(header, _SO, symbol)


def _after_so(word: str) -> str:
    return _SO.sub("", word, count=1)


def _split_number_line(line: list[Box]) -> tuple[str, str]:
    """(what stands in the blank, the printed symbol) as Tesseract read them."""
    text = " ".join([_after_so(line[0][1]), *(b[1] for b in line[1:])])
    start = _SYMBOL_START.search(text)
    if start is None:
        return text, ""
    return text[: start.start()], text[start.start() :]


def _number_is_read(line: list[Box]) -> bool:
    """Whether Tesseract read the number itself: clean digits, read confidently."""
    blank, _ = _split_number_line(line)
    digits = re.sub(r"[\s:.]", "", blank)
    return bool(_DIGITS.match(digits)) and all(b[0] >= TRUSTED_CONFIDENCE for b in line)


def _fill_number(image: Any, line: list[Box], recogniser: Recogniser) -> str | None:
    """``Số: 932/QĐ-TTg`` read from the crop, or None (read by Tesseract, or refused)."""
    if _number_is_read(line):
        return None
    symbol = _split_number_line(line)[1].replace(" ", "")
    letters = re.search(r"[^\W\d_]+", symbol)
    if letters is None:
        return None
    key = _fold(letters.group())[:2]
    crop = _crop(image, line)
    readings = {recogniser.number(crop, key, widen) for widen in NUMBER_WIDENINGS}
    if len(readings) != 1:
        return None
    number = readings.pop()
    if number is None or not 1 <= len(number) <= MAX_NUMBER_DIGITS or set(number) == {"0"}:
        return None
    return f"Số: {number}{symbol}"


_NGAY = re.compile(r"ng[àa]y", re.IGNORECASE)
_NAM = re.compile(r"^n[ăa]m", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# The recogniser's reading of the date line (without diacritics, as it reads them).
_DATE_READ = re.compile(r"ng\w{0,2}y\s*(\d{1,2})\s*th\w{1,3}g\s*(\d{1,2})\s*n\w{1,2}m\s*(\d{4})")


def _date_line(header: list[Box]) -> list[Box] | None:
    """The words from ``ngày`` through the year, or None."""

    def year(line: list[Box]) -> int | None:
        for i, word in enumerate(line[1:], start=1):
            if _NAM.match(word[1]):
                return i + 1 if i + 1 < len(line) and _YEAR.search(line[i + 1][1]) else i
        return None

    return _first_line(header, _NGAY, year)


def _beside(date: list[Box], number: list[Box] | None) -> bool:
    """NĐ 30/2020 prints the date line level with the number line or just below it;
    a date line far from it (or with no number line) is the body's."""
    if number is None:
        return False
    tall = number[0][2][3] - number[0][2][1]
    return abs(date[0][2][1] - number[0][2][1]) <= DATE_LINES_BELOW * tall


def _date_is_read(line: list[Box]) -> bool:
    text = " ".join(b[1] for b in line)
    clean = re.fullmatch(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (?:19|20)\d\d", text)
    return clean is not None and all(b[0] >= TRUSTED_CONFIDENCE for b in line)


def _fill_date(image: Any, line: list[Box], recogniser: Recogniser, today: dt.date) -> str | None:
    """``ngày 24 tháng 10 năm 2025`` read from the crop, or None.

    NĐ 30/2020 (Phụ lục I) writes days below 10 and the months 1 and 2 with a
    leading zero: a one-digit day or a one-digit month 1 or 2 read from a blank is
    a digit lost, and the reading is refused.
    """
    if _date_is_read(line):
        return None
    crop = _crop(image, line)
    readings = {recogniser.text(crop, widen) for widen in DATE_WIDENINGS}
    found = {m.groups() for m in (_DATE_READ.search(r) for r in readings) if m}
    if len(found) != 1 or not all(_DATE_READ.search(r) for r in readings):
        return None
    day, month, year = found.pop()
    printed_year = _YEAR.search(" ".join(b[1] for b in line))
    if printed_year and printed_year.group() != year:
        return None
    if len(day) != 2 or (len(month) == 1 and month in "12"):
        return None
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    if date > today:
        return None
    return f"ngày {day} tháng {month} năm {year}"


def _crop(image: Any, line: list[Box]) -> Any:
    left = min(b[2][0] for b in line)
    top = min(b[2][1] for b in line)
    right = max(b[2][2] for b in line)
    bottom = max(b[2][3] for b in line)
    tall = line[0][2][3] - line[0][2][1]
    # Handwriting rises above and sinks below the printed line.
    pad = int(tall * 0.6)
    return image.crop((max(0, left - tall // 2), max(0, top - pad), right + tall, bottom + pad))


# What the words of a filled line other than the first say: nothing.  They keep
# their boxes, so that the words are put into lines exactly as before the fill
# (a handwritten number reaching into the next line holds the lines apart).
PLACEHOLDER = "\u2063"  # INVISIBLE SEPARATOR: not whitespace, so the word is kept


def _replace(boxes: list[Box], line: list[Box], text: str) -> list[Box]:
    """``boxes`` with ``text`` in the first word of ``line`` and the others emptied."""
    first = line[0]
    rest = {id(b) for b in line[1:]}
    out: list[Box] = []
    for b in boxes:
        if b is first:
            out.append((100.0, text, b[2]))  # kept over the words it overlaps
        elif id(b) in rest:
            out.append((b[0], PLACEHOLDER, b[2]))
        else:
            out.append(b)
    return out


def without_placeholders(lines: list[str]) -> list[str]:
    """Text lines with the emptied words of filled lines taken out."""
    out = []
    for line in lines:
        if PLACEHOLDER in line:
            line = " ".join(w for w in line.split(" ") if w != PLACEHOLDER)
            line = line.replace(PLACEHOLDER, "")
            if not line.strip():
                continue
        out.append(line)
    return out


def _fold(text: str) -> str:
    return fold(text).upper()


class Recogniser:
    """PP-OCRv4's line recogniser (CTC over ~6,600 characters) on one thread."""

    def __init__(self, model: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        keys = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.characters = ["", *keys, " "]  # CTC blank first, space last
        self.digits = [i for i, c in enumerate(self.characters) if c and c in "0123456789"]

    def _probabilities(self, image: Any, widen: float) -> Any:
        import numpy as np
        from PIL import Image

        rgb = image.convert("RGB")
        width = max(16, round(rgb.width * REC_HEIGHT / rgb.height * widen))
        pixels = np.asarray(
            rgb.resize((width, REC_HEIGHT), Image.Resampling.BICUBIC), dtype=np.float32
        )
        batch = ((pixels / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
        return self.session.run(None, {"x": batch})[0][0]

    def _decode(self, probabilities: Any) -> list[tuple[int, str]]:
        """Greedy CTC: (output column, character) for each character read."""
        out: list[tuple[int, str]] = []
        previous = 0
        for column, index in enumerate(probabilities.argmax(1)):
            if index != previous and index != 0:
                out.append((column, self.characters[index]))
            previous = index
        return out

    def text(self, image: Any, widen: float) -> str:
        return "".join(c for _, c in self._decode(self._probabilities(image, widen)))

    def number(self, image: Any, symbol_key: str, widen: float) -> str | None:
        """The digits between ``Số:`` and the printed symbol, whose letters start with
        ``symbol_key`` (folded, e.g. "QD"), or None if the line does not read so."""
        probabilities = self._probabilities(image, widen)
        read = self._decode(probabilities)
        folded = [_fold(c) for _, c in read]
        start = next((i for i, c in enumerate(folded) if c == "S"), None)
        if start is None:
            return None
        end = start + 1
        while end < len(read) and end <= start + 3 and read[end][1] in "6oO0:ôố.;":
            end += 1
        symbol = next(
            (
                i
                for i in range(end, len(read))
                if "".join(folded[i : i + len(symbol_key)]) == symbol_key
            ),
            None,
        )
        if symbol is None:
            return None
        digits: list[str] = []
        previous = 0
        best = probabilities[:, self.digits].argmax(1)
        for column in range(read[end - 1][0] + 1, read[symbol][0]):
            index = probabilities[column].argmax()
            if index == 0 or self.characters[index] == " ":
                previous = 0
                continue
            if self.characters[index] in "/-|":
                break  # the printed separator: the blank is over
            if not self.characters[index].isalnum():
                previous = 0  # the dots of a blank left empty are no digit
                continue
            digit = self.digits[best[column]]
            if digit != previous:
                digits.append(self.characters[digit])
            previous = digit
        return "".join(digits) or None


@lru_cache(maxsize=1)
def _recogniser() -> Recogniser | None:
    """The recogniser, or None if onnxruntime or the model is not installed."""
    # The model file ships in the rapidocr-onnxruntime wheel; its Python package
    # (which would import OpenCV) is never imported, only its files are used.
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        return None
    model = Path(next(iter(spec.submodule_search_locations))) / _MODEL
    if not model.exists():
        return None
    try:
        return Recogniser(model)
    except Exception:
        logger.warning("handwriting recogniser not loaded", exc_info=True)
        return None
