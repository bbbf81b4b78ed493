"""Ký hiệu (document symbols): recognising, canonicalising and collecting them.

State symbols (NĐ 30): ``số/năm/viết tắt loại-viết tắt cơ quan`` for legal documents
(``63/2025/QĐ-UBND``, ``72/2025/QH15``) and ``số/loại-cơ quan`` otherwise
(``2813/QĐ-UBND``, ``5680/CT-CS``); old-style ``769/TTg``.
Party symbols (HD 36): ``số-loại/cơ quan`` (``57-NQ/TW``, ``11-QĐi/TW``), sometimes
printed with spaces (``07 - CT/TW``) or as a shared list (``187, 188- KL/TW``).
"""

from __future__ import annotations

import re

# A unit code may close with the department in brackets: "TTr-CAT(PC04)".
_CODE = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*(?:\([A-ZĐ][A-ZĐ0-9]{0,7}\))?"
_TAIL = rf"{_CODE}(?:\s?-\s?{_CODE})*"

# Party symbol, optionally preceded by more numbers sharing it ("187, 188- KL/TW").
PARTY_RE = re.compile(
    rf"(?<![\w/.-])((?:\d{{1,5}}\s*(?:,|và)\s*)*)(\d{{1,5}})\s*-\s*"
    rf"([A-ZĐ][A-Za-zĐđ]{{0,4}})\s*/\s*({_CODE})(?![\w/])"
)
# State symbol with a year: 63/2025/QĐ-UBND, 72/2025/QH15.
STATE_YEAR_RE = re.compile(
    rf"(?<![\w/.-])(\d{{1,5}}[a-z]?)\s?/\s?((?:19|20)\d\d)\s?/\s?({_TAIL})(?![\w/])"
)
# State symbol without a year: 2813/QĐ-UBND (a hyphen is required to tell it from prose).
STATE_RE = re.compile(rf"(?<![\w/.-])(\d{{1,5}}[a-z]?)\s?/\s?({_CODE}(?:\s?-\s?{_CODE})+)(?![\w/])")
# Old style without type or year, accepted only right after "số" or a type word.
OLD_RE = re.compile(
    r"(?:\bsố|\bSố|\bquyết định|\bQuyết định|\bchỉ thị|\bChỉ thị)\s+"
    r"(\d{1,5})/([A-ZĐ]{1,6}[a-z]?)(?![\w/-])"
)
_FORM_BEFORE_RE = re.compile(r"(?:mẫu|biểu|phụ lục|form)\s*(?:số)?\s*[:.]?\s*$", re.IGNORECASE)

_QD_RE = re.compile(r"(?<![A-Za-zĐđ])QD(?=i?(?:[-/]|$))")


def canonical(symbol: str) -> str:
    """Spaces removed, OCR confusions fixed (QD→QĐ, TƯ→TU), misprinted party form mended."""
    s = "".join(symbol.split()).replace("Ð", "Đ")
    s = _QD_RE.sub("QĐ", s)
    s = s.replace("TƯ", "TU")
    s = s.replace("QĐĐ", "QĐ")  # OCR reads the bar of Đ twice; no type code is QĐĐ
    # "57/NQ-TW": a party symbol printed in the state pattern (TW is the Central Committee).
    m = re.fullmatch(r"(\d+)/([A-ZĐ][A-Za-zĐđ]{0,4})-(TW|TU)", s)
    if m:
        s = f"{m.group(1)}-{m.group(2)}/{m.group(3)}"
    return s


def parse_symbol(text: str) -> tuple[str, str, str, str] | None:
    """Read the first symbol in ``text``: (canonical, number, type code, system)."""
    found: list[tuple[int, tuple[str, str, str, str]]] = []
    m = PARTY_RE.search(text)
    if m:
        found.append(
            (
                m.start(2),
                (
                    canonical(f"{m.group(2)}-{m.group(3)}/{m.group(4)}"),
                    m.group(2),
                    m.group(3),
                    "party",
                ),
            )
        )
    m = STATE_YEAR_RE.search(text)
    if m:
        tail = re.sub(r"\s+", "", m.group(3))
        code = tail.split("-")[0] if "-" in tail else ""
        found.append(
            (m.start(), (canonical(f"{m.group(1)}/{m.group(2)}/{tail}"), m.group(1), code, "state"))
        )
    m = STATE_RE.search(text)
    if m:
        tail = re.sub(r"\s+", "", m.group(2))
        sym = canonical(f"{m.group(1)}/{tail}")
        system = (
            "party" if "-" not in sym.split("/", 1)[0] and re.search(r"/(TW|TU)$", sym) else "state"
        )
        found.append((m.start(), (sym, m.group(1), tail.split("-")[0], system)))
    m = re.match(r"\s*(\d{1,5})\s?/\s?([A-ZĐ]{1,8}[a-z]?)(?![\w/-])", text)
    if m and not found:
        found.append(
            (m.start(), (canonical(f"{m.group(1)}/{m.group(2)}"), m.group(1), "", "state"))
        )
    if not found:
        return None
    found.sort(key=lambda t: t[0])
    return found[0][1]


# Where a symbol can start: a digit run followed by "/" or "-" (a cheap first pass).
# (A plain leading character class lets the regex engine skip ahead fast.)
_CANDIDATE_RE = re.compile(r"[0-9][0-9]{0,4}(?:[a-z]?\s?/|\s*-)")
_PARTY_AT = re.compile(rf"(\d{{1,5}})\s*-\s*([A-ZĐ][A-Za-zĐđ]{{0,4}})\s*/\s*({_CODE})(?![\w/])")
_STATE_YEAR_AT = re.compile(rf"(\d{{1,5}}[a-z]?)\s?/\s?((?:19|20)\d\d)\s?/\s?({_TAIL})(?![\w/])")
_STATE_AT = re.compile(rf"(\d{{1,5}}[a-z]?)\s?/\s?({_CODE}(?:\s?-\s?{_CODE})+)(?![\w/])")
_LIST_BEFORE_RE = re.compile(r"((?:\d{1,5}\s*(?:,|và)\s*)+)$")
_OLD_BEFORE_RE = re.compile(r"(?:\bsố|\bSố|\bquyết định|\bQuyết định|\bchỉ thị|\bChỉ thị)\s+$")
_OLD_AT = re.compile(r"(\d{1,5})/([A-ZĐ]{1,6}[a-z]?)(?![\w/-])")
_BOUNDARY = frozenset("/.-_")


def find_references(text: str, own: str | None) -> list[str]:
    """Symbols of other documents cited in ``text``, canonical, deduplicated, in order."""
    out: list[str] = []
    seen: set[str] = set()
    if own:
        seen.add(canonical(own))

    def add(sym: str) -> None:
        if sym not in seen:
            seen.add(sym)
            out.append(sym)

    pos = 0
    n = len(text)
    while True:
        cm = _CANDIDATE_RE.search(text, pos)
        if cm is None:
            break
        s = cm.start()
        pos = cm.end()
        if s and (text[s - 1].isalnum() or text[s - 1] in _BOUNDARY):
            continue
        if _is_form(text, s):
            continue
        m = _PARTY_AT.match(text, s)
        if m:
            code = f"-{m.group(2)}/{m.group(3)}"
            lm = _LIST_BEFORE_RE.search(text, max(0, s - 40), s)
            b = lm.start(1) if lm else 0
            if lm and not (b and (text[b - 1].isalnum() or text[b - 1] in _BOUNDARY)):
                for num in re.findall(r"\d{1,5}", lm.group(1)):
                    add(canonical(num + code))
            add(canonical(m.group(1) + code))
            pos = m.end()
            continue
        m = _STATE_YEAR_AT.match(text, s)
        if m:
            add(canonical(f"{m.group(1)}/{m.group(2)}/{m.group(3)}"))
            pos = m.end()
            continue
        m = _STATE_AT.match(text, s)
        if m:
            add(canonical(f"{m.group(1)}/{m.group(2)}"))
            pos = m.end()
            continue
        m = _OLD_AT.match(text, s)
        if m and _OLD_BEFORE_RE.search(text, max(0, s - 16), s):
            add(canonical(f"{m.group(1)}/{m.group(2)}"))
            pos = m.end()
        if pos >= n:
            break
    return out


def _is_form(text: str, pos: int) -> bool:
    return bool(_FORM_BEFORE_RE.search(text[max(0, pos - 20) : pos]))
