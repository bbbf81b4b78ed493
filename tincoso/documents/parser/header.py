"""The header block: issuer and parent, Quốc hiệu / Đảng, number line, place and date.

Grammar (NĐ 30 Phụ lục I; HD 36): a left column with the governing body (parent) over
the issuing body, a right column with the Quốc hiệu–Tiêu ngữ or "ĐẢNG CỘNG SẢN VIỆT
NAM", then "Số ..." on the left and "<place>, ngày .. tháng .. năm ...." on the right.
Converted texts put those cells one after another, wrap them mid-name, or move the
whole block after the body; every rule below works on lines, not on a fixed layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tincoso.documents.legacy_encodings import is_vietnamese_syllable

from .clean import DANG_F, QUOC_HIEU_F, TIEU_NGU_F, Cleaned
from .references import parse_symbol
from .vocab import BODY_HEADS, OPEN_ENDINGS, STAMP_RE, fold, is_upper_line, starts_with_any

# "Số: 12/..." or, circulated before numbering, "Số:      /QĐ-UBND", "Số -HD/BTCTU".
_SO_F = re.compile(r"^so\s*[:.]?\s*(?=\d|$|[-/.…_]+\s*[A-Za-z]|\s*/\s*\d{4}/)")
# A number written by hand on a scan comes back from OCR as a few stray marks
# ("Só/#t2đ# /UBND-NC", "Số |lŠ -CV/B&PTTH"): the line is still the number line
# when the symbol's tail follows them.
_SO_ILLEGIBLE_F = re.compile(r"^so\W{0,3}[^\s/]{0,8}\s*[-/]\s*[a-z&]{1,8}(?:[-/(]|$)")
_VV_F = re.compile(r"^v\s*/\s*v\b")
# "V/v" as OCR reads it off a scan: "Vy", "V/w", "V/y", "V/V".
# The Quốc hiệu cut at the end of a line that OCR shares with the left column.
_QUOC_HIEU_CUT_F = re.compile(r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia(?:\s*viet\s*nam)?")
# OCR marks before a wrapped line of the V/v ("-_ đến năm 2030").
_LEADING_MARKS_RE = re.compile(r"^[-_~—]+\s+(?=[a-zà-ỹđ])")
# "Về việc ..." spelled out right under the number line is a công văn's trích yếu.
_VE_VIEC_F = re.compile(r"^ve\s*viec\b")
_FIRST_CODE_RE = re.compile(r"[-/]\s*([A-ZĐ][A-Za-zĐđ]{0,4})\s*[-/(]")
# Also with a mark before it ("'V/ tham gia"), or with the second v lost before the
# trích yếu's first word.
_VV_OCR_F = re.compile(r"^['‘’`\"]?\s*v\s*(?:(?:/\s*[vwy]|y)\b|/(?=\s+[a-zà-ỹđ]))\s*:?")
_BODY_OPEN_F = re.compile(r"^(?:kinh\s*gui|can\s*cu|thuc\s*hien)\b")
_SEPARATOR_RE = re.compile(r"^[\s|*_=~.·•-]*$")
# Date: run on folded text so OCR-damaged diacritics still match.
# OCR: digits read as letters (oOlIi|), a stray mark before the day ("ngàyQ2 27"),
# a comma after "tháng".
_DATE_F = re.compile(
    r"ng\w{0,2}y\s*(?:[^\s\d]\S{0,2}\s+)?([0-9oOlIi|]{1,2})\s+th\w{0,2}ng\s*,?\s*"
    r"([0-9oOlIi|]{1,2})\s+n\w{0,2}m\s*([0-9oOlIi|]{4})"
)
# A date left blank for signing: "Hà Nội, ngày      tháng 8 năm 2025".
_DATE_BLANK_F = re.compile(r",\s*ngay[\s.…_]*thang[\s.…_\d]*nam\s*[12]\d{3}")
# ", <place>, ngày .. tháng" at the end of another cell's line (OCR may garble the day).
_DATE_TAIL_F = re.compile(r",\s*[^,]{1,40},\s*ngay\b.{0,12}thang")
# The day (or month) written by hand and misread: "Lâm Đồng, ngày 4ô tháng 9 năm 2025".
_DATE_ILLEGIBLE_F = re.compile(r",\s*ngay\s*\S{0,4}\s*thang\s*\S{0,4}\s*nam\s*[12]\d{3}")
_DATE_NUMERIC_F = re.compile(r",\s*ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DIGIT_FIX = str.maketrans("oOlIi|", "001111")
_PLACE_BAD_RE = re.compile(r"[\d:/|]")
_PLACE_PREFIX_RE = re.compile(r".*(?:/[A-ZĐ][\wĐđ&-]*|phúc|PHÚC)\s+")
_SYMBOL_END_RE = re.compile(r"\s*[-/]\s*\S*")
# A header that names a person-office goes on with the body it belongs to
# ("THỦ TƯỚNG / CHÍNH PHỦ", "CHỦ TỊCH / ỦY BAN NHÂN DÂN ...").
_PERSON_ISSUERS = frozenset(("thu tuong", "chu tich", "pho thu tuong", "pho chu tich"))


# How far below the top of the text a header may start for its issuer to be looked
# for from the very top.
TOP_LINES = 12


@dataclass(slots=True)
class Header:
    found: bool = False
    start: int = 0  # first header line
    end: int = 0  # one past the last header line (number, V/v, date)
    party_anchor: bool = False
    quoc_hieu: bool = False
    body_lines: list[str] = field(default_factory=list)
    number_line: int | None = None
    symbol_printed: str | None = None
    symbol: str | None = None
    number: str | None = None
    type_code: str | None = None
    symbol_system: str | None = None
    vv_title: str | None = None
    vv_cut: bool = False  # the V/v stopped at the other column, not at the body
    place: str | None = None
    date: str | None = None
    date_line: int | None = None
    date_conf: float = 0.0
    place_conf: float = 0.0


def _joined_folded(c: Cleaned, i: int, span: int = 3) -> str:
    return " ".join(f for f in c.folded[i : i + span] if f)


# The Quốc hiệu's first five words are enough to know it: on a photo or a poor
# scan OCR often loses or garbles "VIỆT NAM" at the end of the line ("VIỆT N.",
# "VIỆTNN"), and no other upper-case line of a header starts with them.
_QUOC_HIEU_HEAD_F = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\b")


def find_anchor(c: Cleaned) -> tuple[int | None, bool]:
    """First line of the Quốc hiệu or of "ĐẢNG CỘNG SẢN VIỆT NAM" (index, is_party)."""
    for i in range(c.start, c.end):
        if c.lines[i][:1] not in "CĐD":
            continue
        f = c.folded[i]
        if (f.startswith("cong") or f.startswith("dang")) and is_upper_line(c.lines[i]):
            joined = _joined_folded(c, i)
            if QUOC_HIEU_F.match(joined) or _QUOC_HIEU_HEAD_F.match(joined):
                return i, False
            if DANG_F.match(joined):
                return i, True
    return None, False


def _is_number_line(c: Cleaned, i: int) -> bool:
    line = c.lines[i]
    if line[:1] not in "Ss" or c.folded[i][:2] != "so":  # OCR: "Só", "Sô" for "Số"
        return False
    m = _SO_F.match(c.folded[i])
    if not m:
        return _SO_ILLEGIBLE_F.match(c.folded[i]) is not None
    if m.end() < len(c.folded[i]):
        return True
    nxt = _next_nonempty(c, i + 1, limit=2)
    if nxt is not None and c.folded[nxt][:1].isdigit():
        return True
    # "Số:" alone with the trích yếu under it: the number was written by hand
    # where OCR read nothing (or is still blank); the line is the number line.
    return nxt is not None and _VV_OCR_F.match(c.folded[nxt]) is not None


def _has_symbol(c: Cleaned, i: int) -> bool:
    nxt = _next_nonempty(c, i + 1, limit=2)
    text = c.lines[i] if nxt is None else f"{c.lines[i]} {c.lines[nxt]}"
    return parse_symbol(text) is not None


def _next_nonempty(c: Cleaned, i: int, limit: int = 5) -> int | None:
    j, seen = i, 0
    while j < c.end and seen < limit:
        if c.lines[j] and c.lines[j] != "|":
            return j
        j += 1
        seen += 1
    return None


def _is_header_like(line: str) -> bool:
    if not line or _SEPARATOR_RE.match(line):
        return True
    return is_upper_line(line) and len(line.split()) <= 14


def parse_header(c: Cleaned) -> Header:
    h = Header()
    anchor, party = find_anchor(c)
    number_idx = None
    lo = c.start if anchor is None else max(c.start, anchor - 12)
    # The number line sits beside or under the anchor, never pages later.
    hi = c.end if anchor is None else min(c.end, anchor + 16)
    for i in range(lo, hi):
        if _is_number_line(c, i):
            if number_idx is None:
                number_idx = i
            # A receiving office's stamp ("ĐẾN / Số: 1234 / Ngày: ...") carries a bare
            # number; the document's own number line carries a symbol.
            if _has_symbol(c, i):
                number_idx = i
                break
    if anchor is None and number_idx is None:
        return h
    h.found = True
    h.party_anchor = party
    h.quoc_hieu = anchor is not None and not party
    first = min(x for x in (anchor, number_idx) if x is not None)
    start = first
    while start - 1 >= c.start and _is_header_like(c.lines[start - 1]):
        start -= 1
    h.start = start
    end = first + 1

    # Number line: "Số: 63/2025/QĐ-UBND", possibly with the symbol on the next line.
    if number_idx is not None:
        h.number_line = number_idx
        text = c.lines[number_idx]
        j = number_idx
        if parse_symbol(text) is None:
            nxt = _next_nonempty(c, number_idx + 1, limit=2)
            # An unreadable number is no reason to swallow the V/v line under it.
            if (
                nxt is not None
                and not _VV_OCR_F.match(c.folded[nxt])
                and not _VE_VIEC_F.match(c.folded[nxt])
            ):
                text = f"{text} {c.lines[nxt]}"
                j = nxt
        sym = parse_symbol(text)
        if sym is not None:
            h.symbol, h.number, h.type_code, h.symbol_system = sym
            printed = " ".join(text.split())
            h.symbol_printed = _cut_after_symbol(printed, h.number)
        else:
            # The number is unreadable but the symbol's codes are not: the first one
            # is the type in a party symbol ("-CV/B&PTTH") and most state ones ("/TTr-CAT").
            code = _FIRST_CODE_RE.search(c.lines[number_idx])
            h.type_code = code.group(1) if code else None
        end = max(end, j + 1)
        end = _read_vv(c, h, j + 1, end)

    # Body lines: the upper-case lines of the header zone, Quốc hiệu and Tiêu ngữ removed.
    zone_end = number_idx if number_idx is not None else (anchor or start)
    if zone_end <= start and anchor is not None:
        zone_end = anchor
    h.body_lines = _body_lines(c, start, zone_end)
    if anchor is not None and not h.body_lines and number_idx is not None and number_idx < anchor:
        h.body_lines = _body_lines(c, start, anchor)
    if not h.body_lines and start - c.start <= TOP_LINES:
        # OCR put a stray mark ("x", "z 2422/…") or the e-signature box between the
        # issuer and the Quốc hiệu: the issuer is the upper-case lines at the top.
        h.body_lines = _body_lines(
            c, c.start, min(x for x in (anchor, number_idx) if x is not None)
        )
        if h.body_lines:
            h.start = c.start

    # Date and place: the first "<place>, ngày .. tháng .. năm ...." near the number line.
    base = number_idx if number_idx is not None else (anchor or start)
    date_end = _read_date(c, h, start, min(c.end, base + 12))
    end = max(end, date_end)
    if h.vv_cut and h.vv_title is not None and date_end > (h.number_line or 0):
        end = max(end, _vv_rest(c, h, date_end))
    if h.vv_title is not None:
        h.vv_title = h.vv_title.rstrip(" .;,")
    if anchor is not None:
        end = max(end, anchor + 1)
    h.end = end
    return h


def _cut_after_symbol(printed: str, number: str | None) -> str:
    """The number line up to the end of the symbol (a flattened header may go on)."""
    k = printed.find(number) if number else -1
    if k < 0:
        return printed
    m = _SYMBOL_END_RE.match(printed, k + len(number or ""))
    return printed[: m.end()] if m else printed


def _read_vv(c: Cleaned, h: Header, i: int, end: int) -> int:
    """Công văn: the "V/v ..." trích yếu printed under the number."""
    j = _next_nonempty(c, i, limit=3)
    # The Quốc hiệu and Tiêu ngữ, or the e-signature box ("Ký bởi: …"), can come
    # between them when the right column is read after the number (OCR of a scan,
    # a flattened table).
    while (
        j is not None and j < c.end and (_is_anchor_line(c.folded[j]) or STAMP_RE.match(c.lines[j]))
    ):
        j = _next_nonempty(c, j + 1, limit=3)
    if (
        j is not None
        and not _VV_F.match(c.folded[j])
        and "ngay" in c.folded[j]
        and _DATE_F.search(" ".join(c.folded[j : j + 2]))
    ):
        # Cells read row by row: the place-date cell sits between the number and the V/v.
        j = _next_nonempty(c, j + 1 + (not _DATE_F.search(c.folded[j])), limit=3)
    if j is None:
        return end
    ocr_vv = None if _VV_F.match(c.folded[j]) else _VV_OCR_F.match(c.folded[j])
    spelled = j == i and _VE_VIEC_F.match(c.folded[j]) is not None and not is_upper_line(c.lines[j])
    if ocr_vv is None and not spelled and not _VV_F.match(c.folded[j]):
        return end
    first = _cut_date_tail(c.lines[j], c.folded[j])
    if ocr_vv is not None:
        first = "V/v " + first[ocr_vv.end() :].lstrip()
    parts = [first]
    k = j + 1
    while k < c.end and c.lines[k] and c.lines[k] != "|" and len(parts) < 6:
        if (
            "ngay" in c.folded[k]
            and (_DATE_F.search(c.folded[k]) or _DATE_ILLEGIBLE_F.search(c.folded[k]))
        ) or _BODY_OPEN_F.match(c.folded[k]):
            break
        if (
            _SEPARATOR_RE.match(c.lines[k])
            or (is_upper_line(c.lines[k]) and not _VV_F.match(c.folded[k]))
            or STAMP_RE.match(c.lines[k])  # the e-signature box, read between its lines
        ):
            break
        parts.append(_LEADING_MARKS_RE.sub("", c.lines[k]))
        k += 1
    # Cut off by the right column read between its lines: the rest comes after it.
    h.vv_cut = k < c.end and bool(c.lines[k]) and not _BODY_OPEN_F.match(c.folded[k])
    # A cut V/v keeps its comma ("sửa đổi, | bổ sung") until its rest is read.
    h.vv_title = " ".join(parts).strip().rstrip(" .;" if h.vv_cut else " .;,")
    return max(end, k)


def _vv_rest(c: Cleaned, h: Header, i: int) -> int:
    """The V/v's last lines, read after the Quốc hiệu and date that cut it (OCR, columns).

    Short lines in sentence case right after the header, up to "Kính gửi" or the
    body; a line of OCR marks (a stamp) ends them.
    """
    rest: list[str] = []
    while i < c.end and len(rest) < 3:
        line, f = _LEADING_MARKS_RE.sub("", c.lines[i]), c.folded[i]
        if not line or line == "|" or _BODY_OPEN_F.match(f) or is_upper_line(line):
            break
        letters = sum(ch.isalpha() for ch in line)
        if len(line) > 80 or letters < 0.6 * len(line.replace(" ", "")):
            break
        if line.rstrip().endswith((".", ":", ";")):
            break
        rest.append(line)
        i += 1
    if rest and h.vv_title is not None:
        h.vv_title = " ".join([h.vv_title, *rest]).strip()
    return i


def _is_anchor_line(folded: str) -> bool:
    return bool(
        QUOC_HIEU_F.search(folded)
        or TIEU_NGU_F.search(folded)
        or DANG_F.search(folded)
        or _SEPARATOR_RE.match(folded)
    )


def _cut_date_tail(line: str, folded: str) -> str:
    """A V/v line flattened with the place-date cell: the V/v part only."""
    m = _DATE_TAIL_F.search(folded)
    return line[: m.start() + 1] if m else line  # the comma may be the title's own


def _body_lines(c: Cleaned, start: int, stop: int) -> list[str]:
    if stop <= start:
        return []
    text = "\n".join(c.lines[start:stop])
    folded = "\n".join(c.folded[start:stop])
    spans: list[tuple[int, int]] = []
    for rx in (QUOC_HIEU_F, _QUOC_HIEU_CUT_F, DANG_F, TIEU_NGU_F):
        spans.extend((m.start(), m.end()) for m in rx.finditer(folded))
    if spans:
        chars = list(text)
        for a, b in spans:
            for k in range(a, b):
                if chars[k] != "\n":
                    chars[k] = " "
        text = "".join(chars)
    out = []
    for line in text.split("\n"):
        line = _STRAY_RE.sub("", line).strip().lstrip("_.~—:`'").strip().rstrip(" _~—-")
        line = _read_once(line)  # OCR's marks at a column's edges, words read twice
        if line and not _SEPARATOR_RE.match(line) and is_upper_line(line):
            out.append(line)
    return out


# Marks no header name holds, left by OCR at a column's edge or inside a line.
_STRAY_RE = re.compile(r"[\\`´¨]")
# A word read twice and glued ("ANAN", "cáocáo"): Tesseract's two readings of one word.
_TWICE_RE = re.compile(r"(?<!\w)([^\W\d_]{2,7})\1(?!\w)")


def _read_once(line: str) -> str:
    """``line`` with words Tesseract read twice and glued written once.

    Only where the word once is a Vietnamese syllable and twice is none:
    Vietnamese writes a repeated syllable as two words ("cao cao").
    """

    def once(m: re.Match[str]) -> str:
        word = m.group(1)
        if is_vietnamese_syllable(m.group(0)) or not is_vietnamese_syllable(word):
            return m.group(0)
        return word

    return _TWICE_RE.sub(once, line)


def _read_date(c: Cleaned, h: Header, lo: int, hi: int) -> int:
    for i in range(lo, hi):
        f = c.folded[i]
        if "ng" not in f:
            continue
        joined = " ".join(c.folded[i : i + 3])
        m = _DATE_F.search(joined)
        if m is None or m.start() > len(f):
            m2 = _DATE_NUMERIC_F.search(joined)
            if m2 is None or m2.start() > len(f):
                blank = _DATE_BLANK_F.search(joined) or _DATE_ILLEGIBLE_F.search(joined)
                if blank is not None and blank.start() < len(f):
                    # Place without a date; the line still closes the header.
                    h.date_line = i
                    _read_place(c, h, i, c.lines[i][: blank.start()])
                    return i + 1 + _lines_spanned(c, i, blank.end())
                continue
            m, conf = m2, 0.8
        else:
            conf = 0.95
        day, month, year = (int(g.translate(_DIGIT_FIX)) for g in m.groups())
        if not (1 <= day <= 31 and 1 <= month <= 12 and 1945 <= year <= 2100):
            illegible = _DATE_ILLEGIBLE_F.search(joined)
            if illegible is not None and illegible.start() < len(f):
                # A misread handwritten day: no date, but the place and the line stand.
                h.date_line = i
                _read_place(c, h, i, c.lines[i][: illegible.start()])
                return i + 1 + _lines_spanned(c, i, illegible.end())
            continue
        h.date = f"{year:04d}-{month:02d}-{day:02d}"
        h.date_conf = conf if "o" not in "".join(m.groups()).lower() else conf - 0.15
        h.date_line = i
        comma = c.lines[i].rfind(",", 0, m.start() + 1)
        if comma < 0:
            comma = m.start()
        _read_place(c, h, i, c.lines[i][:comma])
        return i + 1 + _lines_spanned(c, i, m.end())
    return lo


def _lines_spanned(c: Cleaned, i: int, end: int) -> int:
    """How many lines after line i a match ending at ``end`` of the joined lines runs into."""
    consumed = len(c.folded[i])
    extra = 0
    while end > consumed and extra < 2:
        extra += 1
        consumed += 1 + len(c.folded[i + extra])
    return extra


def _read_place(c: Cleaned, h: Header, i: int, tail: str) -> None:
    tail = tail.strip(" ,")
    # A flattened header can carry the number or the Tiêu ngữ on the same line.
    m = _PLACE_PREFIX_RE.match(tail)
    if m:
        tail = tail[m.end() :]
    if "," in tail and (len(tail.split()) > 7 or _VV_F.match(fold(tail))):
        # ... or the V/v cell: the place is the last comma-separated part.
        tail = tail.rsplit(",", 1)[1].strip()
    parts = [tail] if tail else []
    j = i - 1
    # The place can wrap onto the line above ("Thành phố Hồ Chí / Minh, ngày ...").
    while j >= c.start and len(parts) < 3:
        prev = c.lines[j]
        if not prev or prev == "|" or _SEPARATOR_RE.match(prev) or _PLACE_BAD_RE.search(prev):
            break
        if _VV_F.match(c.folded[j]) or is_upper_line(prev) or len(prev.split()) > 4:
            break
        wrapped = bool(parts) and (
            parts[0][:1].islower()
            or (
                prev[:1].isupper()
                and not prev.endswith((".", ";", ","))
                and len((prev + " " + " ".join(parts)).split()) <= 6
                and _looks_like_place(prev)
            )
        )
        if not wrapped:
            break
        parts.insert(0, prev)
        j -= 1
    place = " ".join(parts).strip(" ,.")
    if place and not _PLACE_BAD_RE.search(place) and len(place.split()) <= 7:
        h.place = place
        h.place_conf = 0.9 if len(parts) == 1 else 0.75


def _looks_like_place(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[:1].isupper() or fold(w) in ("pho", "xa", "tran") for w in words)


def group_bodies(lines: list[str]) -> list[str]:
    """Merge wrapped header lines into bodies: a line opens a body only with a body word."""
    bodies: list[str] = []
    # The column opens with a body's name: upper-case lines above the first line that
    # starts with a body word are page furniture ("CƠ SỞ DỮ LIỆU VĂN BẢN"), not the header.
    first = 0
    if any(starts_with_any(fold(x), BODY_HEADS) for x in lines[1:]):
        while first < len(lines) - 1 and not starts_with_any(
            fold(" ".join(lines[first : first + 2])), BODY_HEADS
        ):
            first += 1
    for line in lines[first:]:
        f = fold(line)
        if bodies:
            prev_last = fold(bodies[-1]).split()[-1]
            opens = (
                starts_with_any(f, BODY_HEADS)
                and prev_last not in OPEN_ENDINGS
                and fold(bodies[-1]) not in _PERSON_ISSUERS
            )
            # "TỈNH ĐỒNG NAI" under "ỦY BAN NHÂN DÂN" continues it; "TỈNH ỦY ..." does not.
            if not opens:
                bodies[-1] = f"{bodies[-1]} {line}"
                continue
        bodies.append(line)
    return bodies
