"""Vietnamese text: NFC normalisation, diacritic folding, Vietnamese formats.

Folding maps every NFC Vietnamese character to exactly one character (``đ``→``d``
included, which Unicode decomposition alone does not do), so offsets in folded
text are offsets in the original, and search hits can be highlighted in place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """NFC, with runs of whitespace collapsed and ends stripped."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch.translate(_D))
    stripped = "".join(c for c in base if not unicodedata.combining(c))
    return (stripped or ch)[:1].casefold()[:1] or ch


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics, one character for one.

    ``fold("Đảng ủy")`` is ``"dang uy"``; ``len(fold(s)) == len(nfc(s))``.
    """
    out = []
    for ch in nfc(text):
        if ch.isascii():
            out.append(ch.lower())
            continue
        folded = _FOLD_CACHE.get(ch)
        if folded is None:
            folded = _FOLD_CACHE[ch] = _fold_char(ch)
        out.append(folded)
    return "".join(out)


def format_date(value: dt.date) -> str:
    """The date as official documents print it: ``ngày 06 tháng 6 năm 2017``."""
    return f"ngày {value.day:02d} tháng {value.month} năm {value.year}"


def format_number(value: int | float, decimals: int = 0) -> str:
    """Vietnamese number format: ``.`` groups thousands, ``,`` marks decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
