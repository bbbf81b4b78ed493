"""The document's own number, read where its appendix names it.

A number written or stamped by hand on the header is what OCR reads worst, yet a
phụ lục, quy chế or form attached to the document names its parent in print:
"(Kèm theo Công văn số 5689/BCA-C04 ngày 16 tháng 12 năm 2025)".  When the
header's number line is unreadable but its typed codes are ("Số: 56Ÿ4 /BCA-C04"),
a "kèm theo ... số" symbol with the very same codes is the document's own.
"""

from __future__ import annotations

import re

from .references import canonical, parse_symbol
from .vocab import fold

# "Kèm theo Công văn số:", "ban hành kèm theo Quyết định số" (folded); up to four
# words name the type ("Tờ trình", "Kế hoạch liên tịch").
_KEM_THEO_F = re.compile(r"kem\s+theo\s+(?:[a-z]+\s+){1,4}so\s*:?\s*")
# The typed codes of a number line: from the separator before the first code letter.
_CODES_RE = re.compile(r"[-/]\s*[A-ZĐ][\w&()/.-]*(?:\s*-\s*[\w&()]+)*")
_SPACES_RE = re.compile(r"\s+")


def typed_codes(number_line: str) -> str | None:
    """The codes of a number line without its number: "Số: 56Ÿ4 /BCA-C04" → "/BCA-C04"."""
    m = _CODES_RE.search(number_line)
    return _key(m.group(0)) if m else None


def symbol_from_attachment(lines: list[str], codes: str) -> tuple[str, str] | None:
    """(symbol, number) named by a "kèm theo ... số" line whose codes are ``codes``."""
    for line in lines:
        if "theo" not in line.lower():
            continue  # cheap test first: most lines are prose
        folded = fold(line)
        for m in _KEM_THEO_F.finditer(folded):
            found = parse_symbol(line[m.end() :][:60])
            if found is None:
                continue
            symbol, number = found[0], found[1]
            if _key(symbol[len(number) :]) == codes:
                return symbol, number
    return None


def _key(codes: str) -> str:
    return canonical(_SPACES_RE.sub("", codes).upper())
