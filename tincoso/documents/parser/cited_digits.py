"""Digits OCR read as look-alike letters inside cited symbols ("số S0/NQ-CP", "PH]0").

Tesseract reads a digit as the letter or mark of the same shape — 5 as S, 0 as
O, 1 as ], | or l — most often in small print (footnotes, a paragraph under a
seal).  Inside a symbol cited after "số" the shape of the symbol says where
digits belong: the number before the "/" or "-" and a code's digits glued to
letters ("PH10").  Only those two places are mended, and only in a token that
already holds a real digit, so words are never touched.
"""

from __future__ import annotations

import re

_LOOKS_LIKE = str.maketrans({"S": "5", "O": "0", "o": "0", "l": "1", "I": "1", "]": "1", "|": "1"})
_SHAPES = "SOolI]|"
# "số S0/NQ-CP": the number after "số" (any marks OCR gave it), before the symbol's
# "/" or "-" and an upper-case code.
_NUMBER_RE = re.compile(
    rf"(?<!\w)([Ss][ốôóồổoỐÔ]\s+)([0-9{re.escape(_SHAPES)}]{{1,5}})(?=\s?[/-]\s?[A-ZĐ0-9])"
)
# "CAT-PH]0": a bracket or bar between a code's letters and a digit.
_CODE_RE = re.compile(r"(?<=[/-][A-ZĐ])([A-ZĐ]{0,5})[\]|](?=\d)")


def mend_cited_digits(text: str) -> str:
    """``text`` with look-alike letters read as digits where a cited symbol needs them."""
    text = _NUMBER_RE.sub(_number, text)
    return _CODE_RE.sub(lambda m: f"{m.group(1)}1", text)


def _number(m: re.Match[str]) -> str:
    token = m.group(2)
    if not any(ch.isdigit() for ch in token):
        return m.group(0)  # "số SO-..." with no digit at all: nothing to go by
    return m.group(1) + token.translate(_LOOKS_LIKE)
