"""OCR repairs by the document's own evidence: lost diacritics and D printed for Đ.

A scan's header often loses its diacritics ("UY BAN NHAN DAN TINH DAK LAK") or reads
Đ as D ("Dồng Nai", "36/2025/NQ-HDND") while the body, typed or better recognised,
spells the same words right. Words are put back from the body's own spelling (the
most frequent form with the same folding); the type code of a symbol is put back
from the grammar (Phụ lục III NĐ 30: QĐ, NĐ, CĐ ... never QD, ND, CD).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from tincoso.documents.legacy_encodings import is_vietnamese_syllable

from .vocab import MINISTRIES, PROVINCES, SIGNING_PHRASES, fold

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

    def whole_count(self, word: str) -> int:
        """How often the document prints ``word`` as a whole word (case-insensitively)."""
        if self._text is None:
            self._text = "\n".join(self._lines).lower()
        return len(re.findall(rf"(?<!\w){re.escape(word.lower())}(?!\w)", self._text))

    def best(self, word: str) -> str | None:
        counts = self.spellings(word)
        return counts.most_common(1)[0][0] if counts else None

    def spellings(self, word: str) -> Counter[str]:
        """The document's marked spellings of ``word``'s letters, by how often each is printed."""
        if self._forms is None:
            forms: dict[str, Counter[str]] = {}
            for line in self._lines:
                for w in _WORD_RE.findall(line):
                    if not w.isascii():
                        forms.setdefault(fold(w), Counter())[w.lower()] += 1
            self._forms = forms
        return self._forms.get(fold(word), Counter())


# A vowel written twice in a row, each time with a mark ("VÈẺ"): no syllable has
# that; Tesseract gave two readings of one marked vowel ("VỀ").
_VOWEL_TWICE_RE = re.compile(r"([aeiouy])\1")


def _read_twice(word: str, forms: WordForms) -> str | None:
    """A word OCR read with one marked vowel twice, as the document spells it, or None.

    Only a word that is no syllable as read and whose vowels both carry marks;
    the spelling is the document's most frequent for the letters with the vowel
    once ("về" for "vèẻ"), printed in the word's case.
    """
    folded = fold(word).lower()
    m = _VOWEL_TWICE_RE.search(folded)
    if m is None or word.isascii() or is_vietnamese_syllable(word):
        return None
    if (
        word[m.start()].lower() == folded[m.start()]
        or word[m.end() - 1].lower() == folded[m.start()]
    ):
        return None  # one of the two is a bare vowel: a real double ("xoong")
    once = folded[: m.start()] + folded[m.start() + 1 :]
    best = forms.best(once)
    if best is None:
        return None
    return (
        best.upper()
        if word.isupper()
        else best[:1].upper() + best[1:]
        if word[:1].isupper()
        else best
    )


def _marked_more(word: str, forms: WordForms) -> bool:
    """A bare word printed bare nowhere else, that the document prints with marks.

    In a phrase that kept some marks ("CONG AN TINH LÂM ĐỒNG") a word may still
    have lost its own.  Many bare spellings are words too ("ban", "du", "an"), so
    the word is mended only where the phrase is the one place it is printed bare
    and one marked spelling of its letters is printed at least MARKED_SEEN times
    and SPELLING_LEAD times as often as any other.
    """
    if forms.whole_count(word) > 1:
        return False
    spellings = forms.spellings(word).most_common(2)
    if not spellings or spellings[0][1] < MARKED_SEEN:
        return False
    return len(spellings) == 1 or spellings[0][1] >= SPELLING_LEAD * spellings[1][1]


MARKED_SEEN = 3
SPELLING_LEAD = 2


def mend_words(phrase: str, forms: WordForms) -> str:
    """Words without diacritics, or with D for Đ, spelled as the document spells them."""

    lost = phrase.isascii()  # a phrase with no diacritic at all lost them

    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        twice = _read_twice(w, forms)
        if twice is not None:
            return twice
        lost_here = lost or (w.isascii() and len(w) > 1 and _marked_more(w, forms))
        if not lost_here:
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


def mend_place_names(phrase: str) -> str:
    """Province names OCR misspelt ("Lâm Đòng", "LÂM ĐÔNG") spelt as the list spells them.

    Tesseract confuses tone and vowel marks of the same base letters (ồ/ò/ô, ề/è);
    a run of words whose folded form is a province's folded name is that province,
    printed in the case the document used.
    """
    folded = fold(phrase)
    out = phrase
    keys = _province_keys()
    for m in _province_pattern().finditer(folded):
        name = keys[m.group(0)]
        span = out[m.start() : m.end()]
        # Letter by letter, in the case the document printed each letter; a name
        # all in lower case was lowered by re-casing a damaged upper-case line, and
        # a proper name is never printed so.
        fixed = (
            name
            if span.islower()
            else "".join(
                n.upper() if o.isupper() else n.lower() for o, n in zip(span, name, strict=True)
            )
        )
        out = out[: m.start()] + fixed + out[m.end() :]
    return out


@lru_cache(maxsize=1)
def _province_pattern() -> re.Pattern[str]:
    keys = sorted(_province_keys(), key=len, reverse=True)  # longest name first
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")


@lru_cache(maxsize=1)
def _province_keys() -> dict[str, str]:
    # One-word names are ordinary words too; a name must fold to its own length.
    return _unique_folds(n for n in PROVINCES if " " in n and len(fold(n)) == len(n))


def _unique_folds(phrases: Iterable[str]) -> dict[str, str]:
    """Folded form -> phrase, leaving out forms two different phrases share."""
    keys: dict[str, str] = {}
    clashes: set[str] = set()
    for phrase in phrases:
        key = fold(phrase)
        if key in keys and keys[key] != phrase:
            clashes.add(key)
        keys[key] = phrase
    return {k: v for k, v in keys.items() if k not in clashes}


def mend_signing_title(title: str) -> str:
    """A signer's title OCR misspelt in its marks ("GIÁM ĐÓC") as the list spells it.

    Only a whole title whose folded form names exactly one known title; two known
    titles that fold alike are left as read.
    """
    key = fold(title)
    name = _signing_keys().get(key)
    if name is None and len(key) >= TITLE_LETTER_MIN:
        name = _one_letter_off(key)
    return name if name is not None and len(name) == len(title) else title


# A title this long (folded) may have one letter misread ("SIÁM ĐÓC", "GIẢM ĐÓC"):
# Tesseract confuses G/S/C and similar shapes.  Shorter titles are left alone.
TITLE_LETTER_MIN = 7


def _one_letter_off(key: str) -> str | None:
    """The one known title whose folded form differs from ``key`` in one letter, if any."""
    found = {
        name
        for known, name in _signing_keys().items()
        if len(known) == len(key) and sum(a != b for a, b in zip(known, key, strict=True)) == 1
    }
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _signing_keys() -> dict[str, str]:
    return _unique_folds(p.upper() for p in SIGNING_PHRASES)


# Words glued by OCR ("TỈNHỦYLÂMĐÔNG") are at least this long, folded.
GLUED_MIN = 6
GLUED_SEEN = 2  # the glued word itself, in the header and a repeat of it
_MAX_SYLLABLE = 7  # "nghieng", "truong": no Vietnamese syllable is longer


def split_glued_words(line: str, counts: Counter[str]) -> str:
    """Words OCR glued together, split into the syllables the document uses.

    ``counts`` holds the folded words of the document (the line included).  A long
    word the document hardly uses is cut where every piece is one of its words, the most frequent
    pieces first; a word that cannot be cut so is left as printed.
    """
    out = line
    for m in reversed(list(_WORD_RE.finditer(line))):
        word = fold(m.group(0))
        if len(word) < GLUED_MIN or counts.get(word, 0) > GLUED_SEEN:
            continue  # short, or a word the document uses elsewhere too
        cuts = _segment(word, counts)
        if cuts:
            glued = m.group(0)
            pieces = [glued[a:b] for a, b in zip([0, *cuts], [*cuts, len(glued)], strict=True)]
            out = out[: m.start()] + " ".join(pieces) + out[m.end() :]
    return out


def _segment(word: str, counts: Counter[str]) -> list[int] | None:
    best: list[tuple[float, list[int]] | None] = [None] * (len(word) + 1)
    best[0] = (0.0, [])
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - _MAX_SYLLABLE), end - 1):
            before = best[start]
            n = counts.get(word[start:end], 0)
            if before is None or n == 0:
                continue
            score = before[0] + math.log(n) - 2.0  # each cut must pay for itself
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, [*before[1], end])
    found = best[len(word)]
    if found is None or len(found[1]) < 2:
        return None
    return found[1][:-1]


def word_counts(lines: list[str]) -> Counter[str]:
    """Folded words of ``lines`` and how often each occurs."""
    return Counter(fold(w) for line in lines for w in _WORD_RE.findall(line))


def mend_body_name(name: str) -> str:
    """A body's whole name OCR misspelt in its marks ("Bọ cóng an") as the list spells it."""
    known = _body_keys().get(fold(name))
    return known if known is not None and len(known) == len(name) else name


@lru_cache(maxsize=1)
def _body_keys() -> dict[str, str]:
    return _unique_folds(MINISTRIES)


_AUTHORITY_PREFIX_RE = re.compile(r"^(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q)\.?\s*")


def mend_authority(line: str) -> str:
    """A signing-authority line ("KT. BỌ TRƯƠNG") with its office spelt from the list."""
    m = _AUTHORITY_PREFIX_RE.match(line)
    if m is None:
        return line
    return line[: m.end()] + mend_signing_title(line[m.end() :])


# The first pages are evidence enough (the căn cứ and the opening restate the
# title's words), and reading no further keeps long documents fast.
EVIDENCE_CHARS = 8_000
# A word spelt this often or less in the document's first pages may be
# a misreading; one spelt more often is the document's own spelling.
RARE_SPELLING = 1


# Two words side by side, or either side of a comma ("phòng, chống").
_GAP_RE = re.compile(r"\s+|\s*,\s+")


def _gap(phrase: str, a: re.Match[str], b: re.Match[str]) -> str:
    """What separates two neighbouring words, as it is looked for in the text."""
    return ", " if "," in phrase[a.end() : b.start()] else " "


def mend_by_context(phrase: str, text: str) -> str:
    """Words OCR misspelt in their marks, put right where the document says otherwise.

    ``text`` is the document (its first pages are enough).  A word whose pair with
    the word before it folds like a pair the document spells another way at least
    twice, and more often than this way, takes that spelling: "cộng đông" in a
    title where the body has "cộng đồng" five times.  Only words the document
    hardly spells this way are looked at.
    """
    text = text[:EVIDENCE_CHARS]
    lower = text.lower().replace("\n", " ")
    matches = list(_WORD_RE.finditer(phrase))
    pairs = [
        (a, b)
        for a, b in pairwise(matches)
        if _GAP_RE.fullmatch(phrase[a.end() : b.start()])
        and not b.group(0).isascii()
        and lower.count(b.group(0).lower()) <= RARE_SPELLING  # inside longer words too
    ]
    if not pairs:
        return phrase

    def key_of(a: re.Match[str], b: re.Match[str]) -> str:
        return f"{fold(a.group(0))}{_gap(phrase, a, b)}{fold(b.group(0))}"

    keys = {key_of(a, b) for a, b in pairs}
    keys |= {key_of(b, c) for b, c in pairwise(matches)}
    # Line breaks read as spaces: str.find on one line of text is much faster
    # than a regex compiled for each title.
    flat = fold(text).replace("\n", " ")
    seen: dict[str, Counter[str]] = {}
    for key in keys:
        at = flat.find(key)
        while at >= 0:
            end = at + len(key)
            if (at == 0 or not flat[at - 1].isalnum()) and (
                end == len(flat) or not flat[end].isalnum()
            ):
                seen.setdefault(key, Counter())[lower[at:end]] += 1
            at = flat.find(key, end)
    out = list(phrase)
    following = {a.start(): b for a, b in pairs}
    for a, b in pairs:
        key = key_of(a, b)
        ways = seen.get(key)
        if not ways:
            continue
        best, n = ways.most_common(1)[0]
        mine = f"{a.group(0)}{_gap(phrase, a, b)}{b.group(0)}".lower()
        if best == mine or n < 2 or ways[mine] >= n:
            continue
        word = best.split()[-1]
        if len(word) != len(b.group(0)):
            continue
        after = following.get(b.start())
        if after is not None:
            # The word after must agree: "tổng kết thực hiện" is not "kết thúc".
            gap = _gap(phrase, b, after)
            ways_after = seen.get(key_of(b, after), Counter())
            ending = after.group(0).lower()
            printed, mended = f"{b.group(0).lower()}{gap}{ending}", f"{word}{gap}{ending}"
            if ways_after[printed] > ways_after[mended]:
                continue
        out[b.start() : b.end()] = "".join(
            w.upper() if o.isupper() else w for o, w in zip(b.group(0), word, strict=True)
        )
    return "".join(out)
