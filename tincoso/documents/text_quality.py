"""Does a piece of text read as Vietnamese?  Used to judge a PDF page's text layer.

A page's text layer can be missing, or present but useless: a scanner's own OCR
made without the Vietnamese model ("TINH trY LAM DONG"), or drawn in an 8-bit
font whose codes are not Unicode ("Tuyªn gi¸o" from .VnTime, or symbols).  Real
Vietnamese prose carries tone and vowel marks on a good share of its syllables,
and nearly all of its marked syllables are well formed — two tests that the
junk fails and that no Vietnamese page does.
"""

from __future__ import annotations

import re

from tincoso.documents.legacy_encodings import is_vietnamese_syllable, score_vietnamese

_WORD = re.compile(r"[^\W\d_]+")

# Fewer words than this say nothing either way (a page number, a signer's name).
MIN_WORDS = 12
# Share of words with Vietnamese marks: about 0.6 in prose, 0.3 in an
# all-capitals header; a scanner's OCR without Vietnamese gets below 0.1.
MIN_MARKED_SHARE = 0.2
# Of the words with non-ASCII letters, the share that are real syllables.
MIN_VALID_SHARE = 0.75


_LETTER = re.compile(r"[^\W\d_]")
# Judging a page needs a sample, not every word of it.
SAMPLE_CHARS = 3000


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text))


def looks_vietnamese(text: str) -> bool:
    """True if ``text`` reads as (correctly encoded) Vietnamese, or is too short to tell."""
    text = text[:SAMPLE_CHARS]
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return True
    score = score_vietnamese(text)
    judged = score.valid + score.invalid
    if judged < MIN_MARKED_SHARE * len(words):
        return False
    return score.valid >= MIN_VALID_SHARE * judged


# Punctuation around a word, stripped before it is judged.
_TOKEN_EDGES = ".,;:()[]\"'“”‘’!?-–—/…"  # noqa: S105 - punctuation, not a secret
# Abbreviations in capitals ("UBND", "VT", "NC") are words of official text.
_ABBREVIATION_MAX = 6


def syllable_counts(text: str) -> tuple[int, int]:
    """(words that are Vietnamese syllables or abbreviations, words that are neither).

    Tokens with digits (numbers, dates, symbols) are not judged.  OCR that lost
    its way in a page's layout reads a paragraph as debris ("q3`", "m0©", "tØ",
    "^›"): such a reading has many words of the second kind.
    """
    good = bad = 0
    for token in text.split():
        word = token.strip(_TOKEN_EDGES)
        if not word or any(c.isdigit() for c in word):
            continue
        if word.isalpha() and (
            is_vietnamese_syllable(word)
            or (word.isupper() and word.isascii() and len(word) <= _ABBREVIATION_MAX)
        ):
            good += 1
        else:
            bad += 1
    return good, bad
