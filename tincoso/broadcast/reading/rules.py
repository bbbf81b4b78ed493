"""The reading rules: each kind of token read from its neighbours.

The output is a list of spoken pieces and pause marks; ``_join`` turns it into
the final text. A pause (", ") is what the announcer does at a comma, ``;``,
``:``, brackets, quotation marks and a dash with spaces around it; a full stop
stays a full stop (a longer pause for the speech engine). Nothing here raises on
odd input: characters that are not read (emoji, stray symbols) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from . import numbers as num
from .lexicon import (
    ABBREVIATIONS,
    ADDRESS_PREFIXES,
    AFTER_OWNER,
    BEFORE_PHONE,
    BEFORE_YEAR,
    CALL_WORDS,
    COUNTED_AFTER,
    DATE_LEAD,
    DIAL_WORDS,
    LETTER_NAMES,
    MEASURE_WORDS,
    NUMBERED,
    PER_PERIODS,
    PER_WORDS,
    RATIO_BEFORE,
    ROMAN_AFTER,
    SIGNING,
    SIGNS,
    STANDING_BODIES,
    SYMBOL_GROUPS,
    UNITS,
    VOWEL_LETTERS,
    WHOLE_AFTER,
)
from .tokens import Token, tokenize

PAUSE = ","
STOPS = frozenset(".!?")
_PAUSE_MARKS = frozenset(',;:()[]"“”‘’«»…_|')
_DASHES = frozenset("-–—")
_NUMERIC = frozenset({"number", "date", "time"})
_CURRENCY = frozenset({"đ", "đồng", "USD", "VNĐ", "VND"})
_EMERGENCY = frozenset({"111", "112", "113", "114", "115"})
_REFERENCES = frozenset({"điều", "khoản", "điểm", "chương", "mục", "phần", "lục", "trang", "tờ"})
_SYMBOL_PARTS = re.compile(r"\s*([/-])\s*")
_LETTERS_DIGITS = re.compile(r"([^\W\d_]+)(\d*)")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})(?:ch|ng|nh|[cmnptk])?"  # k: Đắk Lắk, Kon Plông
)
_VOWELS = frozenset("aăâeêioôơuưy")
_KEYS = tuple(sorted({*ABBREVIATIONS, *SYMBOL_GROUPS}, key=len, reverse=True))


@lru_cache(maxsize=4096)
def is_syllable(word: str) -> bool:
    """Whether ``word`` could be one Vietnamese syllable (so a capitalised heading word)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONES)
    bare = unicodedata.normalize("NFC", bare)
    doubled = any(a == b and a != "o" and a in _VOWELS for a, b in pairwise(bare))
    return not doubled and bool(_SYLLABLE.fullmatch(bare))


def spell(word: str) -> str:
    """Letter by letter with Vietnamese letter names; digits by their names."""
    names = [
        LETTER_NAMES.get(c) or (num.DIGITS[int(c)] if c.isascii() and c.isdigit() else "")
        for c in word.lower()
    ]
    return " ".join(n for n in names if n)


@lru_cache(maxsize=4096)
def segment(group: str) -> str | None:
    """A letter group made of known groups (``BTGTU`` = ``BTG`` + ``TU``), or None."""
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(group) + 1):
        for key in _KEYS:
            start = end - len(key)
            if len(key) < 2 or start < 0 or start not in best or group[start:end] != key:
                continue
            candidate = [*best[start], SYMBOL_GROUPS.get(key) or ABBREVIATIONS[key]]
            if end not in best or len(candidate) < len(best[end]):
                best[end] = candidate
    found = best.get(len(group))
    return " ".join(found) if found and len(found) > 1 else None


def letter_group(group: str, in_symbol: bool) -> str:
    """An abbreviation's words: the lexicon, known groups, a word, or its letters."""
    if in_symbol and group in SYMBOL_GROUPS:
        return SYMBOL_GROUPS[group]
    if group in ABBREVIATIONS:
        return ABBREVIATIONS[group]
    if len(group) == 1:
        return letter(group)
    capitals = sum(c.isupper() for c in group)
    if capitals < 2 or is_syllable(group):
        return group.lower()
    return segment(group) or spell(group)


def letter(char: str) -> str:
    """A lone letter: vowels are syllables and stay; consonants are named ("bê")."""
    lower = char.lower()
    return lower if lower in VOWEL_LETTERS else LETTER_NAMES.get(lower, lower)


def symbol(text: str) -> str:
    """A document symbol read so it can be written down: "/" is "trên", "-" is silent."""
    if text in ABBREVIATIONS:
        return ABBREVIATIONS[text]
    spoken: list[str] = []
    for piece in _SYMBOL_PARTS.split(text):
        if piece == "/":
            spoken.append("trên")
        elif piece and piece != "-":
            spoken.append(" và ".join(_symbol_piece(part) for part in piece.split("&") if part))
    return " ".join(s for s in spoken if s)


def _symbol_piece(piece: str) -> str:
    if piece[0].isdigit():
        return num.decimal(piece) if re.fullmatch(r"[\d.]+", piece) else spell(piece)
    match = _LETTERS_DIGITS.fullmatch(piece)
    if not match:
        return spell(piece)
    letters, digits = match.groups()
    value = num.roman(letters) if len(letters) > 1 else None
    words = num.cardinal(value) if value else letter_group(letters, in_symbol=True)
    return f"{words} {num.cardinal(digits)}" if digits else words


_HANDLERS = {kind: f"_{kind}" for kind in Token.KINDS}


class _Reader:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.out: list[str] = []
        self.skip = 0

    # --- context -------------------------------------------------------------------
    def token(self, index: int) -> Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def token_kind(self, index: int) -> str:
        token = self.token(index)
        return token.kind if token else ""

    def _text(self, index: int) -> str:
        token = self.token(index)
        return token.text if token else ""

    def word_before(self, index: int, back: int = 1) -> str:
        token = self.token(index - back)
        return token.text.lower() if token and token.kind == "word" else ""

    def is_first(self, index: int) -> bool:
        return all(t.kind == "punct" for t in self.tokens[:index])

    # --- pieces --------------------------------------------------------------------
    def read(self) -> list[str]:
        for index, token in enumerate(self.tokens):
            if self.skip:
                self.skip -= 1
                continue
            spoken = self._joined_group(index) or getattr(self, _HANDLERS[token.kind])(index, token)
            if isinstance(spoken, list):
                self.out.extend(spoken)
            elif spoken:
                self.out.append(spoken)
        return self.out

    def _joined_group(self, index: int) -> str:
        """Capital groups written apart ("UBMT TQ VN", "GD & ĐT") that form one known group."""
        first = self.tokens[index]
        if first.kind != "word" or not first.text[:2].isupper():
            return ""
        parts: list[str] = []
        for token in self.tokens[index : index + 5]:
            if not (token.text == "&" or (token.kind == "word" and token.text[:2].isupper())):
                break
            parts.append(token.text)
        for size in range(len(parts), 1, -1):
            key = "".join(parts[:size])
            if key in ABBREVIATIONS and parts[size - 1] != "&":
                self.skip = size - 1
                return ABBREVIATIONS[key]
        return ""

    def _phone(self, index: int, token: Token) -> list[str]:
        """Digit by digit, a pause at each separator: the listener writes as they hear."""
        pieces: list[str] = []
        for group in re.findall(r"\d+", token.text):
            pieces += [num.digits(group), PAUSE]
        return pieces[:-1]

    def _time(self, index: int, token: Token) -> str | list[str]:
        hours, _, minutes = re.split(r"([h:])", token.text.rstrip("'"), maxsplit=1)
        if int(hours) > 24 or (minutes and int(minutes) > 59):
            return [num.cardinal(hours), PAUSE, num.cardinal(minutes or "0")]
        spoken = f"{num.cardinal(hours)} giờ"
        if minutes and int(minutes):
            spoken += f" {num.cardinal(minutes)} phút"
        return spoken

    def _date(self, index: int, token: Token) -> str:
        parts = token.text.split("/")
        before = self.word_before(index)
        first, second = int(parts[0]), int(parts[1])
        if len(parts) == 3 and 1 <= first <= 31 and 1 <= second <= 12:
            return f"{num.cardinal(first)} tháng {num.month(parts[1])} năm {num.cardinal(parts[2])}"
        if len(parts) == 2 and len(parts[1]) == 4 and 1 <= first <= 12:
            name = num.cardinal(first) if before == "quý" else num.month(parts[0])
            lead = "" if before in {"tháng", "quý"} else "tháng "
            return f"{lead}{name} năm {num.cardinal(parts[1])}"
        is_ratio = token.text == "24/7" or before == "thứ"
        share = len(parts) == 2 and self._share(index)
        if share == "whole" and first < second:  # "2/3 tổng số": "hai phần ba"
            return f"{num.cardinal(first)} phần {num.month(parts[1])}"
        if len(parts) == 2 and not (is_ratio or share) and 1 <= first <= 31 and 1 <= second <= 12:
            return f"{num.cardinal(first)} tháng {num.month(parts[1])}"
        head = num.ordinal(parts[0]) if before == "thứ" else num.cardinal(parts[0])
        return " trên ".join([head, *(num.cardinal(p) for p in parts[1:])])

    def _share(self, index: int) -> str:
        """ "whole" or "counted" when a day/month-looking pair is a share or a count out of a
        total ("chiếm 1/4 dân số", "đạt 10/12 chỉ tiêu"), else "" (see ``DATE_LEAD``)."""
        before = self.word_before(index)
        following = self.token(index + 1)
        after = following.text.lower() if following and following.kind == "word" else ""
        if not before or before in DATE_LEAD:
            return ""
        if after in WHOLE_AFTER:
            return "whole"
        return "counted" if after in COUNTED_AFTER or before in RATIO_BEFORE else ""

    def _slashword(self, index: int, token: Token) -> str:
        return ABBREVIATIONS.get(token.text, spell(token.text))

    def _code(self, index: int, token: Token) -> str:
        quarter = re.fullmatch(r"([IV]+)/(\d{4})", token.text)
        value = num.roman(quarter.group(1)) if quarter else None
        if quarter and value and self.word_before(index) == "quý":  # "Quý I/2025"
            return f"{num.cardinal(value)} năm {num.cardinal(quarter.group(2))}"
        money, _, per = token.text.partition("/")
        per_unit = per in UNITS and per not in _CURRENCY  # "VND/USD" is an exchange rate
        if money in _CURRENCY and (per.lower() in PER_WORDS or per_unit):  # "500 USD/người"
            return f"{UNITS[money]} một {UNITS.get(per, per.lower())}"
        return symbol(token.text)

    def _number(self, index: int, token: Token) -> str:
        text = token.text
        before = self.word_before(index)
        if text.isdigit():
            if before == "thứ":
                return num.ordinal(text)
            if before == "tháng" and 1 <= int(text) <= 12:
                return num.month(text)
            if text in _EMERGENCY and self._is_call(index):
                return num.digits(text)
            if 3 <= len(text) <= 5 and before in DIAL_WORDS:  # "tổng đài 1022"
                return num.digits(text)
        return num.decimal(text)

    def _is_call(self, index: int) -> bool:
        """113, 114, 115 are telephone numbers when alone, listed together or called."""
        if len(self.tokens) == 1:
            return True
        if self.word_before(index) in _REFERENCES:  # "Điều 113", "khoản 115"
            return False
        if any(self.word_before(index, back) in CALL_WORDS for back in (1, 2, 3)):
            return True
        near = self.tokens[max(0, index - 6) : index] + self.tokens[index + 1 : index + 7]
        return any(t.kind == "number" and t.text in _EMERGENCY for t in near)

    def _prefix(self, index: int, token: Token) -> str:
        """ "TP. Hà Nội" is a place; "KT. CHỦ TỊCH", "Q. CHỦ TỊCH" sign on someone's behalf."""
        key = token.text[:-1]
        following = self.token(index + 1)
        title = following is not None and following.text.isupper() and len(following.text) > 1
        if key == "TT" and following and following.text in STANDING_BODIES:
            return "thường trực"
        if key in SIGNING and (key not in ADDRESS_PREFIXES or (title and key == "Q")):
            return SIGNING[key]
        return ADDRESS_PREFIXES[key]

    def _word(self, index: int, token: Token) -> str:
        text = token.text
        if len(text) > 1 and text[1:].islower() and text not in UNITS and text not in ABBREVIATIONS:
            return text.lower()  # an ordinary word, capitalised or not: most tokens
        previous = self.token(index - 1)
        if previous and previous.kind == "number" and text in UNITS:
            return UNITS[text]
        if previous and previous.kind == "date" and not token.spaced and text in UNITS:
            return UNITS[text]  # "trực 24/24h"
        if previous and previous.text == "/" and text in UNITS:
            return UNITS[text]
        if text in UNITS and self._before_per_slash(index):
            return UNITS[text]
        value = num.roman(text)
        if value and self._roman_here(index):
            return (
                num.ordinal(str(value)) if self.word_before(index) == "thứ" else num.cardinal(value)
            )
        letters, digits = _LETTERS_DIGITS.fullmatch(text).groups()  # type: ignore[union-attr]
        if digits:
            name = NUMBERED.get(letters) or self._letters(index, letters)  # "QL6", "BĐ2"
            return f"{name} {num.cardinal(digits)}"
        return self._letters(index, letters)

    def _before_per_slash(self, index: int) -> bool:
        slash, following = self.token(index + 1), self.token(index + 2)
        if slash is None or slash.text != "/" or slash.spaced or following is None:
            return False
        return following.text in UNITS or following.text.lower() in PER_WORDS

    def _roman_here(self, index: int) -> bool:
        text = self.tokens[index].text
        if len(text) > 1 and not is_syllable(text) and text not in ABBREVIATIONS:
            return True
        before = self.word_before(index)
        if before in ROMAN_AFTER:
            two_words = {"hội": "đại", "đoạn": "giai"}
            return before not in two_words or self.word_before(index, 2) == two_words[before]
        following = self.token(index + 1)
        heading = following is not None and following.text in {".", "-"}
        return self.is_first(index) and heading

    def _letters(self, index: int, text: str) -> str:
        if len(text) == 1:
            return letter(text)
        if text == "TT":
            return self._tt(index)
        if text in NUMBERED and self._dot_number_follows(index):
            return NUMBERED[text]  # "QL.4D", "ĐT.279"
        following = self.token(index + 1)
        if text in BEFORE_YEAR and following and following.kind == "number":
            year, other = BEFORE_YEAR[text]  # "SN 1985" sinh năm, "SN 12" số nhà
            return year if re.fullmatch(r"(19|20)\d\d", following.text) else other
        if text in BEFORE_PHONE and self._phone_follows(index):
            return BEFORE_PHONE[text]
        if text in AFTER_OWNER:
            owners, reading = AFTER_OWNER[text]
            one = self.word_before(index)
            if one in owners or f"{self.word_before(index, 2)} {one}" in owners:
                return reading
        capitals = sum(c.isupper() for c in text)
        if capitals < 2:
            return ABBREVIATIONS.get(text) or text.lower()
        if is_syllable(text) and (text not in ABBREVIATIONS or self._in_heading(index)):
            return text.lower()
        return letter_group(text, in_symbol=False)

    def _dot_number_follows(self, index: int) -> bool:
        """ "QL.4D": a full stop, then a number, nothing spaced."""
        dot, number = self.token(index + 1), self.token(index + 2)
        if dot is None or number is None or dot.text != "." or dot.spaced or number.spaced:
            return False
        return number.kind == "number"

    def _phone_follows(self, index: int) -> bool:
        """A telephone number next, perhaps after ":" or "." ("ĐT: 0912 345 678")."""
        for token in self.tokens[index + 1 : index + 3]:
            if token.kind != "punct" or token.text not in {":", "."}:
                return token.kind == "phone" or token.text in {"113", "114", "115"}
        return False

    def _tt(self, index: int) -> str:
        """ "TT": standing committee before a body, a circular before its number."""
        following = self.token(index + 1)
        if following is None:
            return ABBREVIATIONS["TT"]
        if following.text in STANDING_BODIES:
            return "thường trực"
        if following.kind in {"number", "code"}:
            return "thông tư"
        return "thị trấn" if following.text[:1].isupper() else "thông tư"

    def _in_heading(self, index: int) -> bool:
        for neighbour in (self.token(index - 1), self.token(index + 1)):
            word = neighbour.text if neighbour and neighbour.kind == "word" else ""
            if len(word) > 1 and word.isupper() and is_syllable(word):
                return True
        return False

    def _sign(self, index: int, token: Token) -> str:
        """Signs in words; a "+" that is not between two numbers is a bullet: a pause."""
        if token.text == "+" and not (
            self.token_kind(index - 1) in _NUMERIC and self.token_kind(index + 1) in _NUMERIC
        ):
            return PAUSE
        return SIGNS[token.text]

    def _punct(self, index: int, token: Token) -> str:
        mark = token.text
        if mark == ":" and self._scale(index):
            return "trên"
        if mark in _PAUSE_MARKS:
            return PAUSE
        if mark in STOPS:
            return self._stop(index, mark)
        if mark in _DASHES:
            return self._dash(index, token)
        if mark == "/":
            return self._slash(index)
        return ""

    def _scale(self, index: int) -> bool:
        """ "tỷ lệ 1:2000", a map's scale: the colon is "trên", as in "1/500"."""
        previous, following = self.token(index - 1), self.token(index + 1)
        if not (previous and following and previous.kind == following.kind == "number"):
            return False
        glued = not (self.tokens[index].spaced or following.spaced)
        return glued and self.word_before(index - 1) == "lệ"

    def _stop(self, index: int, mark: str) -> str:
        """A full stop after a leading list number ("1. Ủy ban…", "II. NỘI DUNG") is a pause; inside
        an address ("tincoso.gov.vn") it is "chấm"."""
        previous, following = self.token(index - 1), self.token(index + 1)
        if previous and previous.text in NUMBERED and self._dot_number_follows(index - 1):
            return ""
        joined = following is not None and not following.spaced and not self.tokens[index].spaced
        lower = joined and following is not None and following.text[:1].islower()
        if mark == "." and lower and self.token_kind(index + 1) == "word":
            return "chấm"  # a capital after a missing space is a new sentence ("2025.Theo")
        heading = previous is not None and (
            previous.kind == "number" or (previous.kind == "word" and num.roman(previous.text))
        )
        listed = heading and self.is_first(index - 1)
        return PAUSE if listed and index + 1 < len(self.tokens) else mark

    def _dash(self, index: int, token: Token) -> str:
        """Between two numbers or dates a dash is "đến"; spaced it is a pause."""
        previous, following = self.token(index - 1), self.token(index + 1)
        if previous and following and previous.kind in _NUMERIC and following.kind in _NUMERIC:
            return "đến"
        if following and following.kind in _NUMERIC and self._amount_before(index):
            return "đến"  # "800.000đ - 1.000.000đ", "5 km - 10 km"
        glued = following is not None and following.kind == "number" and not following.spaced
        if glued and self._text(index + 2) in {"°C", "°"}:  # "-2°C": below zero
            return "âm"
        if token.spaced or (following is not None and following.spaced) or previous is None:
            return PAUSE
        return ""

    def _amount_before(self, index: int) -> bool:
        """A number and its unit just before ``index`` ("800.000đ", "5 km")."""
        unit = self._text(index - 1)
        measured = unit in UNITS or unit.lower() in MEASURE_WORDS
        return measured and self.token_kind(index - 2) == "number"

    def _slash(self, index: int) -> str:
        """ "đồng/người" is "đồng một người"; "km/h" is "ki lô mét trên giờ"; else a pause."""
        previous, following = self.token(index - 1), self.token(index + 1)
        if previous is None or following is None or following.spaced:
            return PAUSE
        if "number" in {previous.kind, following.kind}:  # "14.1/14/1": read as written
            return "trên"
        if previous.text in UNITS and following.kind == "time" and following.text.endswith("h"):
            return "trên"  # "mm/24h"
        if following.kind != "word":
            return PAUSE
        after = following.text.lower()
        if previous.text in UNITS and previous.text not in _CURRENCY and following.text in UNITS:
            return "trên"
        if previous.text in _CURRENCY and following.text in UNITS.keys() - _CURRENCY:  # "đồng/m3"
            return "một"
        counted = (
            previous.text in UNITS
            or self.token_kind(index - 2) == "number"
            or (self._text(index - 2) in UNITS and self.token_kind(index - 3) == "number")
        )  # "5 hộ/xã", "10kg gạo/khẩu"
        if after in PER_PERIODS or (counted and (after in PER_WORDS or following.text in UNITS)):
            return "một"
        if after in PER_WORDS and self._per_period_follows(index + 1):
            return "một"  # "lương cơ sở/học sinh/tháng": a chain ending in a period
        return PAUSE

    def _per_period_follows(self, index: int) -> bool:
        """A "/" and a period within the next three tokens ("học sinh/tháng")."""
        for at in range(index + 1, index + 4):
            if self._text(at) == "/":
                return self._text(at + 1).lower() in PER_PERIODS
        return False

    def _other(self, index: int, token: Token) -> str:
        return ""


def _join(pieces: list[str]) -> str:
    """Words with single spaces; runs of pause marks become one (a stop wins)."""
    words: list[str] = []
    pending = ""
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if piece == PAUSE or piece in STOPS:
            if words and (piece in STOPS or not pending):
                pending = piece
            continue
        if pending:
            words[-1] += pending
            pending = ""
        words.append(piece)
    if pending in STOPS and words:
        words[-1] += pending
    return " ".join(" ".join(words).split())


def read_text(text: str) -> str:
    """Written text → spoken text (see the package docstring for the conventions)."""
    return _join(_Reader(tokenize(text)).read()).lower()
