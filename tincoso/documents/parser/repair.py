"""OCR repairs by the document's own evidence: lost diacritics and D printed for Đ.

A scan's header often loses its diacritics ("UY BAN NHAN DAN TINH DAK LAK") or reads
Đ as D ("Dồng Nai", "36/2025/NQ-HDND") while the body, typed or better recognised,
spells the same words right. Words are put back from the body's own spelling (the
most frequent form with the same folding); the type code of a symbol is put back
from the grammar (Phụ lục III NĐ 30: QĐ, NĐ, CĐ ... never QD, ND, CD).
"""

from __future__ import annotations

import re
from collections import Counter

from .vocab import fold

_WORD_RE = re.compile(r"[^\W\d_]+")
# Type codes that contain Đ, as OCR reads them without it.
_TYPE_CODE_D = {"QD": "QĐ", "QDI": "QĐi", "ND": "NĐ", "CD": "CĐ", "DA": "ĐA", "HDLT": "HĐLT"}
_SEGMENT_RE = re.compile(r"[A-Za-zĐđ]+")


class WordForms:
    """The document's own spellings, by folded form (built on first use)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._forms: dict[str, Counter[str]] | None = None
        self._text: str | None = None

    def count(self, word: str) -> int:
        """How often the document spells ``word`` (case-insensitively)."""
        if self._text is None:
            self._text = "\n".join(self._lines).lower()
        return self._text.count(word.lower())

    def best(self, word: str) -> str | None:
        if self._forms is None:
            forms: dict[str, Counter[str]] = {}
            for line in self._lines:
                for w in _WORD_RE.findall(line):
                    if not w.isascii():
                        forms.setdefault(fold(w), Counter())[w.lower()] += 1
            self._forms = forms
        counts = self._forms.get(fold(word))
        return counts.most_common(1)[0][0] if counts else None


def mend_words(phrase: str, forms: WordForms) -> str:
    """Words without diacritics, or with D for Đ, spelled as the document spells them."""

    lost = phrase.isascii()  # a phrase with no diacritic at all lost them

    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        if not lost:
            # Only "D" read for "Đ" in a word that kept its other diacritics, where the
            # document spells it with Đ more often (dựng and đựng are both words).
            if w[:1] != "D" or w.isascii():
                return w
            fixed = "Đ" + w[1:]
            return fixed if forms.count(fixed) > forms.count(w) else w
        best = forms.best(w)
        if best is None:
            return w
        if w.isupper() and len(w) > 1:
            return best.upper()
        return best[:1].upper() + best[1:] if w[:1].isupper() else best

    return _WORD_RE.sub(one, phrase)


def mend_symbol(symbol: str, lines: list[str]) -> str:
    """Put Đ back into a symbol read without it, from the grammar or the document."""
    if "D" not in symbol:
        return symbol
    if not any("Đ" in line for line in lines):
        return symbol
    text = "\n".join(lines)
    head = _SEGMENT_RE.search(symbol)
    first = head.start() if head else -1

    def seg(m: re.Match[str]) -> str:
        s = m.group(0)
        if "D" not in s:
            return s
        if m.start() == first:
            # The type code: only the grammar's codes, never a guess from the text.
            return _TYPE_CODE_D.get(s.upper(), s)
        # Each way of reading one D as Đ, looked up as a word of the document.
        for k, ch in enumerate(s):
            if ch != "D":
                continue
            variant = f"{s[:k]}Đ{s[k + 1 :]}"
            if variant in text and re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text):
                return variant
        return s

    return _SEGMENT_RE.sub(seg, symbol)
