"""Pre-Unicode Vietnamese encodings: TCVN3 (ABC), VNI-Windows and Windows-1258.

Many provincial and district offices still keep directives typed in the 1990s-era
fonts ``.VnTime`` (TCVN3, also called ABC) and ``VNI-Times`` (VNI-Windows).  Saved
as plain text, such files are just bytes with no label, so the importer has to
guess the encoding.  This module holds

* real, complete conversion tables (TCVN3 is single-byte; VNI-Windows writes most
  toned letters as a base letter followed by a second byte carrying the marks);
* decoders :func:`decode_tcvn3` and :func:`decode_vni` returning NFC text;
* :func:`score_vietnamese`, which measures how plausible a decoding is by
  checking every word that contains a non-ASCII letter against Vietnamese
  syllable structure (initial consonant + vowel nucleus + final consonant, at
  most one tone mark, on a vowel) and rewarding very common words.

The tables are written out literally, not computed, so they can be checked line
by line against published charts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993, VN3 / "ABC").
#
# Bytes 0x00-0x7F are ASCII.  0xA1-0xFF hold the 67 lower-case letters with
# diacritics, the seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ, five combining tone
# marks and, in the gaps, the 16 upper-case toned letters VN3 has room for.  The
# other upper-case toned letters do not exist in VN3: offices type headings in the
# ".VnTimeH" font, which draws the *lower-case* codes as capitals, so the bytes of
# "ĐẢNG" in .VnTimeH are "§¶NG" (see :func:`_restore_vntimeh_capitals`).
# 0x80-0x9F are not part of VN3; Word on Windows writes its smart quotes and
# dashes there as Windows-1252, so they are decoded as such.
# ---------------------------------------------------------------------------
# fmt: off
TCVN3_TO_UNICODE: dict[int, str] = {
    0xA0: "\u00a0",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xAF: "Ằ",
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBA: "Ẳ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xBF: "Ẵ",
    0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ", 0xC5: "Ề",
    0xC6: "ặ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCD: "Ể", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ",
    0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ", 0xFF: "Ố",
}
# fmt: on


def _cp1252_char(byte: int) -> str:
    """The Windows-1252 character for ``byte``; Latin-1 for its five holes."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# A full 256-entry table, so decoding is one str.translate-like pass.
_TCVN3_DECODE: tuple[str, ...] = tuple(
    chr(b) if b < 0x80 else TCVN3_TO_UNICODE.get(b, _cp1252_char(b)) for b in range(256)
)

# ---------------------------------------------------------------------------
# VNI-Windows (the "VNI-Times" family of fonts).
#
# The font is laid out over Windows-1252, so the table is written in the
# Windows-1252 characters the bytes stand for.  A toned vowel is the base letter
# followed by one mark byte: ù ø û õ ï (acute, grave, hook, tilde, dot below),
# â á à å ã ä (circumflex, alone or with a tone), ê é è ú ü ë (breve, alone or
# with a tone); upper-case letters use the upper-case mark bytes.  ơ and ư are the
# single bytes ô and ö, which then take a tone byte; đ is ñ; the i letters and ỵ
# are single bytes.  All 134 letters with diacritics:
# ---------------------------------------------------------------------------
# fmt: off
UNICODE_TO_VNI: dict[str, str] = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï", "ă": "aê",
    "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë", "â": "aâ",
    "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä", "é": "eù",
    "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï", "ê": "eâ", "ế": "eá",
    "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä", "í": "í", "ì": "ì",
    "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ó": "où", "ò": "oø", "ỏ": "oû",
    "õ": "oõ", "ọ": "oï", "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå",
    "ỗ": "oã", "ộ": "oä", "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû",
    "ỡ": "ôõ", "ợ": "ôï", "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ",
    "ụ": "uï", "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ",
    "ự": "öï", "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
    "Á": "AÙ", "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Ạ": "AÏ", "Ă": "AÊ",
    "Ắ": "AÉ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ặ": "AË", "Â": "AÂ",
    "Ấ": "AÁ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ậ": "AÄ", "É": "EÙ",
    "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "Ẹ": "EÏ", "Ê": "EÂ", "Ế": "EÁ",
    "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ệ": "EÄ", "Í": "Í", "Ì": "Ì",
    "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò", "Ó": "OÙ", "Ò": "OØ", "Ỏ": "OÛ",
    "Õ": "OÕ", "Ọ": "OÏ", "Ô": "OÂ", "Ố": "OÁ", "Ồ": "OÀ", "Ổ": "OÅ",
    "Ỗ": "OÃ", "Ộ": "OÄ", "Ơ": "Ô", "Ớ": "ÔÙ", "Ờ": "ÔØ", "Ở": "ÔÛ",
    "Ỡ": "ÔÕ", "Ợ": "ÔÏ", "Ú": "UÙ", "Ù": "UØ", "Ủ": "UÛ", "Ũ": "UÕ",
    "Ụ": "UÏ", "Ư": "Ö", "Ứ": "ÖÙ", "Ừ": "ÖØ", "Ử": "ÖÛ", "Ữ": "ÖÕ",
    "Ự": "ÖÏ", "Ý": "YÙ", "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ỵ": "Î",
    "Đ": "Ñ",
}
# fmt: on

# Decoding is the inverse table; identical pairs (í ì Í Ì are the same code
# point in both) need no replacement.
_VNI_DECODE: dict[str, str] = {vni: uni for uni, vni in UNICODE_TO_VNI.items() if vni != uni}
# Longest sequences first, so "oâ" (ô) wins over a lone "o" and "ôù" (ớ) over "ô" (ơ).
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True))
)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC Unicode text."""
    latin = "".join(map(_cp1252_char, data)) if _has_cp1252_holes(data) else data.decode("cp1252")
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group(0)], latin))


def _has_cp1252_holes(data: bytes) -> bool:
    return any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to NFC Unicode text, restoring .VnTimeH capitals."""
    text = "".join([_TCVN3_DECODE[b] for b in data])
    return unicodedata.normalize("NFC", _restore_vntimeh_capitals(text))


# Lower-case Vietnamese letters that only exist outside ASCII.
_VI_LOWER_NON_ASCII = frozenset(k for k in UNICODE_TO_VNI if k.islower())
_LOWER_CLASS = "".join(sorted(_VI_LOWER_NON_ASCII))
# Only words holding both an ASCII capital and a lower-case Vietnamese letter can
# be .VnTimeH capitals; matching just those keeps a 20 MB file fast.
_MIXED_CASE_WORD = re.compile(
    rf"(?<![^\W\d_])[^\W\d_]*(?:[A-Z][^\W\d_]*[{_LOWER_CLASS}]|[{_LOWER_CLASS}][^\W\d_]*[A-Z])"
    rf"[^\W\d_]*"
)


def _restore_vntimeh_capitals(text: str) -> str:
    """Upper-case words typed in the .VnTimeH capitals font.

    In such a word the ASCII letters are already capitals but the toned letters
    arrive as lower case ("đảNG", "ủY").  A word is taken for capitals when its
    ASCII letters are all capitals and there are at least two of them or the word
    does not start with one.  A capitalised word in the ordinary font ("Bé" =
    "Bộ", "Sè" = "Số") starts with its only capital and stays as it is; the price
    is that a one-capital word in .VnTimeH ("BÉ") reads as "Bộ".
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        ascii_letters = [c for c in word if c.isascii()]
        if (
            ascii_letters
            and all(c.isupper() for c in ascii_letters)
            and (len(ascii_letters) >= 2 or not word[0].isascii())
            and any(c in _VI_LOWER_NON_ASCII for c in word)
        ):
            return "".join(c.upper() if c in _VI_LOWER_NON_ASCII else c for c in word)
        return word

    return _MIXED_CASE_WORD.sub(fix, text)


# ---------------------------------------------------------------------------
# Plausibility of a decoding.
# ---------------------------------------------------------------------------
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouyăâêôơư")

# Written as space-separated strings (ruff's SIM905 would explode them into one
# item per line) because these are tables a Vietnamese reader checks at a glance.
_INITIALS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()  # noqa: SIM905
# Nuclei (with their glides) that end the syllable: no final consonant may follow.
_OPEN_NUCLEI = (  # noqa: SIM905
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa uơ"
).split()
# Nuclei that must be followed by a final consonant.
_CLOSED_NUCLEI = "uyê iê yê uô ươ oă uâ oo ă â".split()  # noqa: SIM905
# Nuclei that may or may not take a final consonant.
_FREE_NUCLEI = "oa oe uê uy a e ê i o ô ơ u ư y".split()  # noqa: SIM905
_FINALS = "ch ng nh c m n p t".split()  # noqa: SIM905


def _alt(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_alt(_INITIALS)})?"
    f"(?:(?:{_alt(_OPEN_NUCLEI)})|(?:{_alt(_CLOSED_NUCLEI)})(?:{_alt(_FINALS)})"
    f"|(?:{_alt(_FREE_NUCLEI)})(?:{_alt(_FINALS)})?)"
)

# Frequent words in administrative Vietnamese; a correct decoding is full of them.
COMMON_WORDS = frozenset(
    (  # noqa: SIM905
        "của và các người được trong năm theo tháng ngày đảng những với cho là có "
        "không đã một này để việt nhân dân công tác thông cơ sở về thực hiện chỉ thị "
        "tỉnh huyện xã ủy ban chính quyền đồng chí học tập tư tưởng đạo đức phong cách"
    ).split()
)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` (one syllable, any case, any normalisation) is well formed.

    Checks the shape only (initial + nucleus + final, one tone mark on a vowel);
    "cơng" passes although no such word is used.  That is enough to tell a right
    decoding from mojibake such as "gi¸o" or "Tuyeân".
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = 0
    base = ""
    kept: list[str] = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tones += 1
            # A tone sits on a vowel; "n̄"-like debris from a wrong decoding does not.
            if base not in _VOWELS and unicodedata.normalize("NFC", base) not in _VOWELS:
                return False
            continue
        if unicodedata.combining(ch):
            base += ch  # circumflex, breve or horn: part of the vowel letter
        else:
            base = ch
        kept.append(ch)
    if tones > 1:
        return False
    skeleton = unicodedata.normalize("NFC", "".join(kept))
    return _SYLLABLE.fullmatch(skeleton) is not None


@dataclass(frozen=True)
class Score:
    """How a decoding fares: words with non-ASCII letters, judged one by one."""

    valid: int
    invalid: int
    common: int

    @property
    def total(self) -> int:
        """Higher is more plausible; common words count triple."""
        return self.valid + 2 * self.common - self.invalid

    @property
    def judged(self) -> int:
        return self.valid + self.invalid


# ASCII punctuation and digits split words identically in every candidate
# decoding (all are ASCII-compatible); typographic punctuation is stripped from the
# ends.  Anything else non-ASCII must be part of a real letter.
_PIECE_SPLIT = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f\s]+")
_EDGE_PUNCT = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2013\u2014\u2022\u00a0"


def score_vietnamese(text: str) -> Score:
    """Score how much ``text`` looks like correctly decoded Vietnamese."""
    valid = invalid = common = 0
    for piece in _PIECE_SPLIT.split(text):
        piece = piece.strip(_EDGE_PUNCT)
        if not piece or piece.isascii():
            continue  # identical in every decoding: tells nothing
        if is_vietnamese_syllable(piece):
            valid += 1
            if unicodedata.normalize("NFC", piece.lower()) in COMMON_WORDS:
                common += 1
        else:
            invalid += 1
    return Score(valid=valid, invalid=invalid, common=common)
