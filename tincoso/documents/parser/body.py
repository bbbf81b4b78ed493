"""Type heading, trích yếu and "Kính gửi" addressees: the lines after the header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Cleaned
from .vocab import TYPE_HEADINGS, fold, is_upper_line

_SEPARATOR_RE = re.compile(r"^[\s*_=~.·•-]*$")
_BULLET_RE = re.compile(r"^[-–—+•·]\s*")
_TRAIL_RE = re.compile(r"[\s;,.]+$")
_WS_RE = re.compile(r"\s+")
# Lines that open the body, not the trích yếu.
_BODY_START_F = re.compile(
    r"^[-–+]?\s*(?:can cu|thuc hien|kinh gui|xet\b|theo de nghi|dieu 1\b|chuong i\b|"
    r"phan i\b|i[.-]\s|1\.\s|ngay \d|tai\b|sau khi)"
)
# An upper-case heading of the issuing authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
# "BỘ TRƯỞNG ... QUYẾT ĐỊNH:", "THỦ TƯỚNG CHÍNH PHỦ điện:").
_AUTHORITY_HEADING_F = re.compile(r"(?:quyet dinh|dien|nghi quyet|quyet nghi)\s*:?\s*$")
# Words that continue a trích yếu after a blank line.
_LINK_WORDS = frozenset(
    (
        "tai",
        "ve",
        "cua",
        "va",
        "nam",
        "giai",
        "den",
        "trong",
        "doi",
        "theo",
        "nham",
        "cho",
        "giua",
        "tren",
        "voi",
        "tu",
        "o",
        "thuoc",
        "khoa",
        "lan",
        "dot",
        "ky",
        "nhiem",
        "huong",
    )
)
KINH_GUI_F = re.compile(r"^kinh\s*gui\s*:?\s*")
_DIEN_F = re.compile(r"\bdien\s*:\s*$")


@dataclass(slots=True)
class Heading:
    doc_type: str
    title: str | None
    upper: bool
    conf: float
    title_conf: float
    line: int


def _match_type(c: Cleaned, i: int) -> tuple[str, str, int] | None:
    """(type name, leftover heading words, last heading line) if line i is a type heading."""
    line = c.lines[i]
    if not is_upper_line(line):
        return None
    j = i
    joined = c.folded[i]
    original = line
    for fname, name in TYPE_HEADINGS:
        if joined.startswith(fname) and (len(joined) == len(fname) or joined[len(fname)] == " "):
            return name, original[len(fname) :].strip(), i
    # OCR doubling a marked vowel ("KÉẺ HOẠCH" for "KẾ HOẠCH"): the whole line, letters
    # repeated once read once.
    collapsed = _REPEAT_RE.sub(r"\1", joined.strip())
    if collapsed != joined.strip():
        for fname, name in TYPE_HEADINGS:
            if collapsed == fname:
                return name, "", i
    # A letter-spaced heading closed up without its word gap ("QUYẾTĐỊNH").
    if " " not in joined.strip():
        for fname, name in TYPE_HEADINGS:
            if joined.strip() == fname.replace(" ", ""):
                return name, "", i
    # A heading wrapped mid-name ("NGHỊ / QUYẾT").
    if j + 1 < c.end and c.lines[j + 1] and is_upper_line(c.lines[j + 1]):
        joined2 = f"{joined} {c.folded[j + 1]}"
        original2 = f"{original} {c.lines[j + 1]}"
        for fname, name in TYPE_HEADINGS:
            if (
                joined2.startswith(fname)
                and len(fname) > len(joined)
                and (len(joined2) == len(fname) or joined2[len(fname)] == " ")
            ):
                return name, original2[len(fname) :].strip(), j + 1
    return None


def read_heading(c: Cleaned, after: int, header_start: int | None = None) -> Heading | None:
    """The type heading after the header (or, header printed last, at the very top)."""
    candidates = []
    k = _skip(c, after)
    if k is not None:
        candidates.append(k)
    if header_start is not None and header_start > c.start + 2:
        k = _skip(c, c.start)
        if k is not None:
            candidates.append(k)
    for i in candidates:
        m = _match_type(c, i)
        skipped = 0
        # A received stamp or a handwritten note OCR'd between header and heading
        # ("A644", "02 J.Q%6"): a few short noise lines are passed over.
        while m is None and skipped < MAX_NOISE_LINES and _is_noise(c.lines[i]):
            nxt = _skip(c, i + 1)
            if nxt is None:
                break
            i, skipped = nxt, skipped + 1
            m = _match_type(c, i)
        if m is None:
            # A two-column page read row by row can put a left-column line ("- Căn cứ
            # Điều lệ Đảng;") before the heading: a heading alone on its line just below.
            k, seen = i, 0
            while m is None and seen < MAX_LINES_BEFORE_HEADING:
                nxt = _skip(c, k + 1)
                if nxt is None:
                    break
                k, seen = nxt, seen + 1
                if c.folded[k].strip() in _TYPE_NAMES_F and is_upper_line(c.lines[k]):
                    m, i = _match_type(c, k), k
        if m is None:
            continue
        name, leftover, last = m
        title, upper, tconf = _read_title(c, last + 1, leftover)
        return Heading(name, title, upper, 0.95, tconf, i)
    return None


MAX_NOISE_LINES = 4
MAX_LINES_BEFORE_HEADING = 2
_TYPE_NAMES_F = frozenset(fname for fname, _ in TYPE_HEADINGS)
_REPEAT_RE = re.compile(r"([a-z])\1")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _is_noise(line: str) -> bool:
    """A short line that is mostly not letters: OCR of a stamp, a pen mark."""
    visible = [ch for ch in line if not ch.isspace()]
    if not visible or len(line.split()) > 3:
        return False
    return len(_LETTER_RE.findall(line)) < 0.6 * len(visible)


def _skip(c: Cleaned, i: int) -> int | None:
    while i < c.end and (not c.lines[i] or c.lines[i] == "|" or _SEPARATOR_RE.match(c.lines[i])):
        i += 1
    return i if i < c.end else None


def _read_title(c: Cleaned, i: int, leftover: str) -> tuple[str | None, bool, float]:
    parts: list[str] = [leftover] if leftover else []
    upper: bool | None = True if leftover else None
    n = 0
    while i < c.end and n < 14:
        line = c.lines[i]
        f = c.folded[i]
        if not line or line == "|" or _SEPARATOR_RE.match(line):
            if not parts:
                i += 1
                continue
            if line and line != "|" and _SEPARATOR_RE.match(line):
                break
            k = _skip(c, i)
            if k is None or not _continues(parts, c.lines[k], c.folded[k], upper):
                break
            i = k
            continue
        line_upper = is_upper_line(line)
        if (
            _BODY_START_F.match(f)
            and not line_upper
            and not (not parts and (_rule_follows(c, i) or _set_apart(c, i)))
        ) or _BULLET_RE.match(line):
            break
        if upper is True and not line_upper:
            break
        if upper is False and line_upper:
            break
        if line_upper and _AUTHORITY_HEADING_F.search(f):
            break
        if upper is None:
            upper = line_upper
        parts.append(line)
        i += 1
        n += 1
    if not parts:
        return None, False, 0.0
    title = _TRAIL_RE.sub("", _WS_RE.sub(" ", " ".join(parts))).strip()
    return title or None, bool(upper), 0.85


def _rule_follows(c: Cleaned, i: int) -> bool:
    """Is line i underlined by the trích yếu's rule ("-----") within three lines?

    A trích yếu may open with a word that usually opens the body ("Thực hiện ..."):
    the rule under it tells it apart.
    """
    for k in range(i + 1, min(c.end, i + 4)):
        line = c.lines[k]
        if line and line != "|" and _SEPARATOR_RE.match(line) and len(line.strip()) >= 3:
            return True
        if not line:
            return False
    return False


def _set_apart(c: Cleaned, i: int) -> bool:
    """Is line i the start of a short block set apart by a blank line, as a trích yếu is?

    Without a rule (a .docx draws it as a shape), a trích yếu opening "Thực hiện ..."
    is still one to three short lines that end without the stop of a sentence, then
    a blank line; a body paragraph runs on or ends with ".", ";" or ":".
    """
    k = i
    while k < c.end and c.lines[k] and c.lines[k] != "|":
        if k - i >= 3 or len(c.lines[k]) > 90:
            return False
        k += 1
    return k > i and k < c.end and not c.lines[k - 1].rstrip().endswith((".", ";", ":"))


def _continues(parts: list[str], line: str, folded: str, upper: bool | None) -> bool:
    """After a blank line: does the trích yếu go on?"""
    if not upper or not is_upper_line(line) or _AUTHORITY_HEADING_F.search(folded):
        return False
    first = folded.split()[0] if folded.split() else ""
    last = fold(parts[-1]).split()[-1] if parts[-1].split() else ""
    return first in _LINK_WORDS or last in _LINK_WORDS


def read_addressees(c: Cleaned, limit: int) -> list[str] | None:
    for i in range(c.start, min(limit, c.end)):
        line = c.lines[i]
        if line[:1] not in "Kk" and not line.endswith(":"):
            continue
        f = c.folded[i]
        m = KINH_GUI_F.match(f)
        if m:
            rest = c.lines[i][m.end() :].strip()
            return _collect(c, i + 1, rest, limit)
        if f.endswith(":") and _DIEN_F.search(f) and is_upper_line(c.lines[i].rsplit(" ", 1)[0]):
            return _collect(c, i + 1, "", limit)
    return None


def _collect(c: Cleaned, i: int, rest: str, limit: int) -> list[str] | None:
    items: list[str] = []
    bulleted = False
    if rest:
        items.append(_BULLET_RE.sub("", rest))
    while i < min(limit, c.end):
        line = c.lines[i]
        if not line or line == "|":
            k = _skip(c, i)
            if k is not None and _BULLET_RE.match(c.lines[k]) and (bulleted or not items):
                i = k
                continue
            if not items and k is not None and k - i < 3:
                i = k
                continue
            break
        if _BULLET_RE.match(line):
            items.append(_BULLET_RE.sub("", line))
            bulleted = True
        elif (
            items
            and not items[-1].rstrip().endswith((";", "."))
            and (bulleted or len(line.split()) <= 3)
        ):
            # A wrapped item: inside a dash list any line goes on; after an inline
            # "Kính gửi: ..." only a short tail does (the body follows without a blank).
            items[-1] = f"{items[-1]} {line}"
            if not bulleted and not line[:1].isupper():
                pass
        elif not items:
            items.append(line)
        else:
            break
        i += 1
    out = [_TRAIL_RE.sub("", _WS_RE.sub(" ", x)).strip() for x in items]
    out = [x for x in out if x]
    return out or None
