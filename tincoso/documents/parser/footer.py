"""The footer: "Nơi nhận" list and the signing block.

Grammar (NĐ 30 Điều 13, Phụ lục I; HD 36): the Nơi nhận list on the left, one "- item;"
per line; the signing block on the right: authority lines (TM./KT./TL./TUQ., party
T/M, K/T, T/L), the signer's title, an optional "(đã ký)", the name. Converted texts
wrap items and titles across lines, put the signature column after the list (or
before it), or glue the two columns with a tab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Cleaned, LazyFold
from .vocab import (
    AUTHORITY_RE,
    POSITION_HEADS,
    SIGNATURE_NOISE_RE,
    STAMP_RE,
    fold,
    is_upper_line,
    starts_with_any,
)

_NOI_NHAN_F = re.compile(r"^noi\s*nhan\s*:?\s*")
# OCR reads a list's dash as "~" or "_" too.
_BULLET_RE = re.compile(r"^[-–—+•·~_]\s*")
# A dash OCR'd as "~" inside a line that ran two items together: "(để b/c); ~ Cổng ...".
_INLINE_BULLET_RE = re.compile(r";\s*[~_]\s+(?=\w)")
# A mark OCR added after an item's closing ";" ("Như trên; z").
_TRAILING_MARK_RE = re.compile(r";\s*\S{1,2}$")
_TRAIL_RE = re.compile(r"[\s;,.]+$")
_WS_RE = re.compile(r"\s+")
_NAME_WORD_RE = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\.?$")
# Placeholder signers of sample footers ("Nguyễn Văn A", "Họ và tên").
_PLACEHOLDER_NAME_F = re.compile(r"^(?:nguyen van [a-z]|tran van [a-z]|ho (?:va )?ten)\b")
_DOTS_RE = re.compile(r"\.{3,}|…")
_END_OF_BODY_F = re.compile(r"\./\.\s*$|\./\s*$")


@dataclass(slots=True)
class Footer:
    recipients: list[str] | None = None
    recipients_line: int | None = None
    recipients_end: int | None = None
    authority: list[str] | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    sig_conf: float = 0.0
    rec_conf: float = 0.0


def find_noi_nhan(c: Cleaned, after: int, again: bool = True) -> int | None:
    """The Nơi nhận label at or after ``after`` (then, if ``again``, from the start)."""
    for lo in (after, c.start) if again else (after,):
        for i in range(lo, c.end):
            if c.lines[i][:1] not in "Nn":
                continue
            f = c.folded[i]
            if f.startswith("noi") and _NOI_NHAN_F.match(f) and _is_list_label(c, i):
                return i
    return None


def _is_list_label(c: Cleaned, i: int) -> bool:
    """ "Nơi nhận:" heads the list; "nơi nhận vào sổ ..." in a sentence does not."""
    line = c.lines[i]
    if ":" in line[:12] or (line[:1] == "N" and len(line.split()) <= 3):
        return True
    nxt = _next_line_index(c, i + 1)
    return nxt is not None and bool(_BULLET_RE.match(c.lines[nxt]))


def _next_line_index(c: Cleaned, i: int) -> int | None:
    while i < c.end and not c.lines[i]:
        i += 1
    return i if i < c.end else None


def _is_signature_line(line: str) -> bool:
    if AUTHORITY_RE.match(line):
        return True
    if not is_upper_line(line) or any(ch.isdigit() for ch in line):
        return False
    words = line.split()
    return len(words) >= 2 or starts_with_any(fold(line), POSITION_HEADS)


def read_recipients(c: Cleaned, idx: int, aside: list[str] | None = None) -> tuple[list[str], int]:
    """Items of the Nơi nhận list starting at line ``idx``; returns (items, next line).

    Two columns read row by row interleave the signing block with the list: a
    signature line with more list items right after it is put ``aside`` (the caller
    reads the signing block from those lines) and the list goes on.
    """
    items: list[str] = []
    first = _NOI_NHAN_F.sub("", c.folded[idx], count=1)
    rest = c.lines[idx][len(c.lines[idx]) - len(first) :].strip() if first else ""
    if rest:
        items.append(rest)
    i = idx + 1
    while i < c.end:
        line = c.lines[i]
        if line == "|":
            break
        if not line:
            j = i + 1
            while j < c.end and not c.lines[j]:
                j += 1
            if j < c.end and _BULLET_RE.match(c.lines[j]):
                i = j
                continue
            break
        if _BULLET_RE.match(line):
            items.append(_BULLET_RE.sub("", line, count=1))
        elif _is_signature_line(line) or SIGNATURE_NOISE_RE.match(line):
            if aside is None or not _list_goes_on(c, i + 1):
                break
            aside.append(line)
        elif aside and is_upper_line(line) and not any(ch.isdigit() for ch in line):
            aside.append(line)  # a wrapped signature line ("TM. ỦY BAN NHÂN / DÂN")
        elif aside and _looks_like_name(line) and len(line.split()) >= 2:
            aside.append(line)  # the signer's name, read between two list items
        elif items and _is_marks(line):
            break  # a seal or a signature read as marks: the list has ended
        elif items and _LUU_F.match(fold(items[-1])) and not _copies_note(line):
            break  # after the closing "Lưu" item only its copies note follows
        elif items:
            items[-1] = f"{items[-1]} {line}" if items[-1] else line
        else:
            items.append(line)
        i += 1
    cleaned = []
    for joined in items:
        for item in _INLINE_BULLET_RE.split(joined):
            item = _TRAILING_MARK_RE.sub("", _WS_RE.sub(" ", item).strip())
            item = _TRAIL_RE.sub("", item).strip()
            if item and any(ch.isalnum() for ch in item):
                cleaned.append(item)
    return cleaned, i


_LUU_F = re.compile(r"^luu\b")
# A copies note under the Lưu item ("Huy (23 bản)", "08 KH") is a few words at most.
COPIES_NOTE_WORDS = 4


def _copies_note(line: str) -> bool:
    """Whether ``line`` may go on the Lưu item: a few words, no table cell ("|")."""
    return "|" not in line and len(line.split()) <= COPIES_NOTE_WORDS


def _is_marks(line: str) -> bool:
    """A line mostly of marks ("⁄%:", "⁄© ⁄"): a seal or a pen stroke, no wrapped item.

    A wrapped item is words and figures ("Huy (23 bản)", "08 KH").
    """
    visible = [ch for ch in line if not ch.isspace()]
    return sum(ch.isalnum() for ch in visible) <= 0.5 * len(visible)


def _list_goes_on(c: Cleaned, i: int) -> bool:
    """Is one of the next three non-empty lines a list item?"""
    seen = 0
    while i < c.end and seen < 3:
        if c.lines[i]:
            if _BULLET_RE.match(c.lines[i]):
                return True
            seen += 1
        i += 1
    return False


@dataclass(slots=True)
class Signature:
    authority: list[str]
    title: str | None
    name: str | None
    end: int


def read_signature(c: Cleaned, i: int, limit: int = 14) -> Signature | None:
    """Signing block starting at or after line ``i``: authority lines, title, name."""
    lines: list[str] = []
    kinds: list[str] = []
    name = None
    skipped = 0
    stop = min(c.end, i + limit)
    while i < stop:
        line = c.lines[i]
        i += 1
        if not line or line == "|" or re.fullmatch(r"[-_=*.\s]+", line):
            if name:
                break
            continue
        if SIGNATURE_NOISE_RE.match(line) or STAMP_RE.match(line):
            continue
        line = _STRAY_MARKS_RE.sub("", line)  # "Nguyễn¿ Văn Long": a pen stroke's mark
        if not name and skipped < MAX_SCRIBBLE_LINES and _is_scribble(line, first=not lines):
            skipped += 1  # the handwritten signature, read by OCR as stray marks
            continue
        if AUTHORITY_RE.match(line) and not name:
            lines.append(line)
            kinds.append("auth")
            continue
        if is_upper_line(line) and not name:
            if lines and skipped < MAX_SCRIBBLE_LINES and _is_stray_capitals(line):
                skipped += 1  # "LẺ" under the title: a pen stroke read as capitals
                continue
            if lines and (
                lines[-1].endswith((",", "-", "VÀ"))
                or not starts_with_any(fold(line), POSITION_HEADS)
            ):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
                kinds.append("title")
            continue
        ranked = _RANK_F.match(fold(line))
        if ranked and (lines or name) and _looks_like_name(line[ranked.end() :]):
            line = line[ranked.end() :]  # the signer's rank is not part of the name
        if _looks_like_name(line):
            if name is None:
                name = line
                if len(line.split()) >= 2:
                    break
                continue  # a one-word line: the name wrapped ("Ngô / Văn Tuấn")
            name = f"{name} {line}"
            break
        break
    if not lines and not name:
        return None
    if name is None and not lines:
        return None
    authority = [
        _WS_RE.sub(" ", x).strip().upper() for x, k in zip(lines, kinds, strict=True) if k == "auth"
    ]
    titles = [_WS_RE.sub(" ", x).strip() for x, k in zip(lines, kinds, strict=True) if k == "title"]
    # "Q. GIÁM ĐỐC" right above the name is the signer's title, not an authority level.
    return Signature(
        authority, titles[0].rstrip(" ,") if titles else None, name.strip() if name else None, i
    )


# Police and army ranks printed before the signer's name ("Thiếu tướng Trương Minh
# Đương"), folded: OCR may lose the first word ("tướng Nguyễn Văn Long") or a mark
# ("Thiểu tướng").
_RANK_F = re.compile(r"^(?:(?:dai|thuong|trung|thieu)\s+)?(?:tuong|ta|uy)\s+(?=\S)")
# Lines of OCR noise allowed between the signer's title and name on a scan.
MAX_SCRIBBLE_LINES = 8
_LETTERS_RE = re.compile(r"[^\W\d_]")


def _is_scribble(line: str, first: bool = False) -> bool:
    """A signature OCR'd as text: mostly marks, or a few tokens that are not a name.

    Tesseract reads the handwritten signature between the title and the name as
    ":", "th 2270/5", "ST —`” ¿`_———.— ỐC": short lines, few letters.  Before
    the block's first line (``first``) only marks are skipped ("N -", "n _T" off a
    QR code or a seal beside the list): a short line of words there may be a title.
    """
    if _looks_like_name(line) or AUTHORITY_RE.match(line):
        return False
    visible = [ch for ch in line if not ch.isspace()]
    letters = len(_LETTERS_RE.findall(line))
    if letters < 0.6 * len(visible) or letters <= 2:
        return True  # mostly marks, or a letter or two ("HN") left of a flourish
    return not first and len(line.split()) <= 3 and not is_upper_line(line)


# Marks that are no part of a Vietnamese name, glued to one by OCR of a pen stroke.
_STRAY_MARKS_RE = re.compile(r"(?<=[^\W\d_])[¿¡~`^¨´˜†‡§¶](?=\s|$)")


def _is_stray_capitals(line: str) -> bool:
    """One or two capitals alone on a line: no post's name wraps to so little."""
    return len(_LETTERS_RE.findall(line)) <= 2 and len(line.split()) == 1 and line != "VÀ"


def _looks_like_name(line: str) -> bool:
    words = line.strip().split()
    if not 1 <= len(words) <= 6:
        return False
    # [À-Ỹ] also spans lower-case letters: "ừ" (OCR of a pen stroke) is no name.
    return all(_NAME_WORD_RE.match(w) and w[0].isupper() for w in words)


def parse_footer(c: Cleaned, after: int) -> Footer:
    """The footer that closes the main text.

    A guidance document may show sample footers in its body ("Nơi nhận: ... Nguyễn
    Văn A"): a footer whose signer is a placeholder is a sample, and the next Nơi nhận
    is tried (the first one found is kept if all are samples).
    """
    ft = Footer()
    idx = find_noi_nhan(c, after)
    first: Footer | None = None
    for _ in range(8):
        if idx is None:
            break
        ft = _footer_at(c, idx)
        if first is None:
            first = ft
        if not _is_sample(ft):
            return ft
        idx = find_noi_nhan(c, (ft.recipients_end or idx) + 1, again=False)
    if first is not None:
        return first
    label = _label_lost(c, after)
    if label is not None:
        return _footer_at(c, label)
    ft = Footer()
    # No Nơi nhận: the signing block follows the end of the body ("./.").
    for i in range(after, c.end):
        line = c.lines[i]
        if AUTHORITY_RE.match(line) or _END_OF_BODY_F.search(line):
            sig = read_signature(c, i if AUTHORITY_RE.match(line) else i + 1)
            if sig is not None and sig.name:
                _fill_signature(ft, sig, 0.6)
                return ft
    return ft


# The item that closes every Nơi nhận list (NĐ 30/2020, HD 36): "- Lưu: VT, ...".
_LUU_ITEM_F = re.compile(r"^[-–—+•·~_]\s*luu\s*[:.,]?\s*(?:vt|van\s*thu|hc)\b")
# Bulleted lines (and their wrapped lines) looked back over from the "Lưu" item.
LIST_LINES = 40


def _label_lost(c: Cleaned, after: int) -> int | None:
    """The line where a Nơi nhận label OCR could not read must be, or None.

    Beside a seal or a signature the label and the first item are sometimes read
    as debris ("nIBDE TC AIDS, …"), but the list's closing item "- Lưu: VT, …"
    survives: the list is the run of bulleted lines that ends with it, and the
    label is the line before its first bullet.
    """
    luu = next((i for i in range(after, c.end) if _LUU_ITEM_F.match(c.folded[i])), None)
    if luu is None:
        return None
    first = luu
    for i in range(luu - 1, max(after, luu - LIST_LINES) - 1, -1):
        line = c.lines[i]
        if not line or _END_OF_BODY_F.search(line):
            break
        if _BULLET_RE.match(line):
            first = i
    return first - 1 if first - 1 >= after and first < luu else None


def _footer_at(c: Cleaned, idx: int) -> Footer:
    ft = Footer()
    aside: list[str] = []
    items, nxt = read_recipients(c, idx, aside)
    ft.recipients = items
    ft.recipients_line = idx
    ft.recipients_end = nxt
    ft.rec_conf = 0.9 if items else 0.3
    sig = read_signature(c, nxt)
    if aside:
        # The signing block was read between the list items, its end may follow.
        lines = [*aside, *c.lines[nxt : min(c.end, nxt + 8)]]
        sig = read_signature(Cleaned(lines, LazyFold(lines), 0, len(lines)), 0)
    if sig is None or sig.name is None:
        later = _signature_after_noise(c, nxt)
        if later is not None:
            sig = later
    if sig is None or sig.name is None:
        before = _signature_before(c, idx)
        if before is not None and (sig is None or before.name):
            sig = before
    if sig is not None:
        _fill_signature(ft, sig, 0.9)
    return ft


# Lines between the end of the Nơi nhận list and an authority line ("KT. BỘ TRƯỞNG")
# that may be noise: a QR code and its caption, a seal, a page's scanner marks.
NOISE_BEFORE_SIGNATURE = 8


def _signature_after_noise(c: Cleaned, i: int) -> Signature | None:
    """The signing block under the list after lines that are none of it.

    OCR of a scan puts whatever lies beside the block into the text between the
    list and the block ("N -", "n _T", "Mã QR đính kèm tài liệu"); an authority
    line a few lines on starts the block all the same, if a name closes it.
    """
    for j in range(i, min(c.end, i + NOISE_BEFORE_SIGNATURE + 1)):
        if AUTHORITY_RE.match(c.lines[j]):
            sig = read_signature(c, j)
            return sig if sig is not None and sig.name else None
    return None


def _is_sample(ft: Footer) -> bool:
    """A sample footer: its signer is a placeholder name or its items are dots."""
    name = fold(ft.signer_name or "")
    if _PLACEHOLDER_NAME_F.search(name):
        return True
    items = ft.recipients or []
    return bool(items) and all(_DOTS_RE.search(x) for x in items)


def _signature_before(c: Cleaned, idx: int) -> Signature | None:
    """Signing block printed above the Nơi nhận list (one-column extractions)."""
    j = idx - 1
    while j > c.start and (not c.lines[j] or c.lines[j] == "|"):
        j -= 1
    k = j
    while k - 1 > c.start and j - k < 10:
        prev = c.lines[k - 1]
        if prev == "|" or (
            prev
            and not (
                is_upper_line(prev) or _looks_like_name(prev) or SIGNATURE_NOISE_RE.match(prev)
            )
        ):
            break
        k -= 1
    while k < j and not c.lines[k]:
        k += 1
    sig = read_signature(c, k, limit=j - k + 2)
    return sig if sig is not None and sig.name else None


def _fill_signature(ft: Footer, sig: Signature, conf: float) -> None:
    ft.authority = sig.authority or None
    ft.signer_title = sig.title
    ft.signer_name = sig.name
    ft.sig_conf = conf
