"""Text hygiene shared by every format: NFC, ``\\n`` line ends, no control characters."""

from __future__ import annotations

import re
import unicodedata

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
