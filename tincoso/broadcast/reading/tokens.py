"""Cut written text into the pieces the reading rules look at.

One regular expression, tried left to right, names each piece by what it looks
like; the rules (``rules.py``) then decide how it is read from its neighbours.
Order matters: a telephone number before a plain number, a time before a date,
a document symbol before its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

_LETTER = r"[^\W\d_]"
_UPPER = "A-ZĐÀ-ÝĂĨŨƠƯẠ-Ỹ"  # Vietnamese capitals (the last range also holds small ones)
# Letters, digits and &; "1.1" inside "1.1/1/I". Possessive (++): no backtracking
# on long runs of letters that turn out not to be a symbol.
_PIECE = r"(?:[^\W_]|&)++(?:\.\d+)*+"

_PHONE = r"""
    (?P<phone>
        \(0\d{1,3}\)[ ]?\d{3,4}(?:[ .]?\d{3,4}){1,2}(?!\d)
      | (?<![\d.,/])0\d{2,3}(?:[ .-]?\d{2,4}){1,3}(?![\d/])
      | (?<![\d.,/])1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?(?![\d/])
    ) |"""
_REST = rf"""
    (?P<time>\d{{1,2}}h\d{{2}}'?(?!\d) | \d{{1,2}}h(?!{_LETTER}|\d) | \d{{1,2}}:\d{{2}}(?![\d:]))
  | (?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}}(?![\d/])
      | \d{{1,2}}/\d{{4}}(?![\d/])
      | \d{{1,2}}/\d{{1,2}}(?![\d/]))
  | (?P<slashword>[ĐđVvBb]/[CcVv](?!\w) | v\.v\.?(?![^\W_]))
  | (?P<code>(?:\d+[ ]?-[ ]?(?=[A-ZĐ]\w*/))?(?=[\w&/.-]*[A-ZĐ]){_PIECE}(?:[/-]{_PIECE})+)
  | (?P<number>\d+(?:\.\d{{3}})+(?:,\d+)?(?!\d) | \d+,\d+ | \d+(?:\.\d+)+ | \d+)
  | (?P<prefix>(?:TP|Tp|TX|TT|TUQ|KT|TM|TL|VP|Q|H|X|P)\.(?=[ ]?[{_UPPER}]))
  | (?P<word>[A-ZĐ]{{2,}}\d+(?![\d/]) | k?m[23](?![^\W_]) | {_LETTER}[^\W\d_]*)
  | (?P<sign>°C|°|%|&|\+|@)
  | (?P<punct>[.,;:!?()\[\]"“”‘’«»…/_|–—-])
  | (?P<other>\S)
    """
_PATTERN = re.compile(_PHONE + _REST, re.VERBOSE)
_NO_PHONE = re.compile(_REST, re.VERBOSE)
# When the spaced form swallowed a following number ("0912345678 1900 1234"), the
# phone number written without spaces is tried before giving up on a phone.
_TIGHT_PHONE = re.compile(r"(?:0\d{2,3}(?:[.-]?\d{2,4}){1,3}|1[89]00[.-]?\d{3,4})(?![\d/])")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Token:
    KINDS: ClassVar[tuple[str, ...]] = (
        "phone", "time", "date", "slashword", "code", "number", "prefix", "word", "sign",
        "punct", "other",
    )  # fmt: skip
    kind: str  # one of KINDS
    text: str
    spaced: bool  # whitespace before it


def _phone_ok(text: str) -> bool:
    count = len(_DIGITS.findall(text))
    return 9 <= count <= 11 if not text.startswith("1") else 8 <= count <= 10


def tokenize(text: str) -> list[Token]:
    """The pieces of ``text`` in order; whitespace only marks ``spaced``."""
    tokens: list[Token] = []
    position = 0
    end = len(text)
    spaced = False
    while position < end:
        space = _SPACE.match(text, position)
        if space:
            position = space.end()
            spaced = True
            continue
        match = _PATTERN.match(text, position)
        if match is None:  # pragma: no cover - "other" matches any character
            position += 1
            continue
        kind = match.lastgroup or "other"
        piece = match.group()
        if kind == "phone" and not _phone_ok(piece):
            tight = _TIGHT_PHONE.match(text, position)
            match = tight if tight and _phone_ok(tight.group()) else None
            match = match or _NO_PHONE.match(text, position)
            assert match is not None  # "other" matches any character
            kind, piece = match.lastgroup or "phone", match.group()
        tokens.append(Token(kind, piece, spaced))
        position += len(piece)
        spaced = False
    return tokens
