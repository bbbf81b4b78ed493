"""Numbers as a careful Northern announcer reads them.

Conventions (issue 13, point 3) and why:

* **"linh" for a zero ten** (105 "một trăm linh năm"): the Northern form heard on
  VOV and commune radio; the Southern "lẻ" is understood but sounds foreign in
  the North, where most of our mountain communes are.
* **"mốt", "tư", "lăm" only after "mươi"** (21 "hai mươi mốt", 24 "hai mươi tư",
  25 "hai mươi lăm"), and "lăm" also after "mười" (15 "mười lăm"). A bare 1, 4, 5
  or one after "linh" stays "một", "bốn", "năm" (104 "một trăm linh bốn"): that
  is how the number is said, and "linh tư" is colloquial.
* **Inner groups are read in full** once a higher group was said: 1.025 is
  "một nghìn không trăm hai mươi lăm", so a listener can't mistake it for 1.250.
  Empty groups are skipped (2.000.005 "hai triệu không trăm linh năm").
* **"nghìn", "triệu", "tỷ"**; a thousand "tỷ" is "nghìn tỷ". Past 15 digits a
  number is no longer a quantity anyone says aloud: it is read digit by digit.
* **Leading zeros of a count are not read** (05 người "năm người"): ``int()``
  drops them. Phone numbers are the exception and go through ``digits``.
* **Decimal comma is "phẩy"**; the part after it is read as a number, its
  leading zeros one by one (0,05 "không phẩy không năm").
* **Ordinals** after "thứ": 1 is "nhất" and 4 is "tư" ("thứ tư"), the rest are
  cardinals ("thứ hai", "lần thứ hai mươi tám").
"""

from __future__ import annotations

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ")
MAX_DIGITS = 15  # beyond "nghìn tỷ" nobody says the number: read its digits

_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def digits(text: str) -> str:
    """Each digit by its name, "không một hai …": never "mốt", "tư" or "lăm"."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit() and c.isascii())


def _below_thousand(n: int, full: bool) -> list[str]:
    """0 < n < 1000; ``full`` reads "không trăm" and "linh" as inner groups need."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def cardinal(text_or_number: str | int) -> str:
    """A whole number in words; leading zeros are dropped (a count's "05" is "năm")."""
    text = str(text_or_number).lstrip("0") or "0"
    if not text.isascii() or not text.isdigit():
        return digits(text)
    if len(text) > MAX_DIGITS:
        return digits(text)
    n = int(text)
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    said = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _below_thousand(group, full=said)
        if _SCALES[index]:
            words.append(_SCALES[index])
        said = True
    return " ".join(words)


def ordinal(text: str) -> str:
    """After "thứ": "nhất", "hai", "ba", "tư", "năm"… ("thứ 4" → "thứ tư")."""
    value = text.lstrip("0") or "0"
    return {"1": "nhất", "4": "tư"}.get(value, cardinal(value))


def month(text: str) -> str:
    """A month's name: "tháng tư" for April, otherwise the cardinal ("tháng một")."""
    value = text.lstrip("0") or "0"
    return "tư" if value == "4" else cardinal(value)


def decimal(text: str) -> str:
    """A number as written in Vietnamese: ``.`` groups thousands, ``,`` is the decimal sign.

    A dotted number whose groups are not thousands (3.0, 6.1, 3.3.2 — versions and
    section numbers) is read piece by piece with "chấm"."""
    whole, _, fraction = text.partition(",")
    if "." in whole:
        parts = whole.split(".")
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
            whole = "".join(parts)
        else:
            return " chấm ".join(cardinal(p) for p in parts)
    spoken = cardinal(whole)
    if fraction:
        rest = fraction.lstrip("0")
        zeros = ["không"] * (len(fraction) - len(rest))
        tail = cardinal(rest) if rest and len(rest) <= 3 else digits(rest)
        spoken += " phẩy " + " ".join([*zeros, tail] if rest else zeros)
    return spoken


def roman(text: str) -> int | None:
    """Value of a Roman numeral up to XXXIX (khóa XIV, quý IV), else None."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    previous = 0
    for char in reversed(text):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total
