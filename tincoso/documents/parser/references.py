"""Ký hiệu (document symbols): recognising, canonicalising and collecting them.

State symbols (NĐ 30): ``số/năm/viết tắt loại-viết tắt cơ quan`` for legal documents
(``63/2025/QĐ-UBND``, ``72/2025/QH15``) and ``số/loại-cơ quan`` otherwise
(``2813/QĐ-UBND``, ``5680/CT-CS``); old-style ``769/TTg``.
Party symbols (HD 36): ``số-loại/cơ quan`` (``57-NQ/TW``, ``11-QĐi/TW``), sometimes
printed with spaces (``07 - CT/TW``) or as a shared list (``187, 188- KL/TW``).
"""

from __future__ import annotations

import re

_CODE = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*"
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
STATE_RE = re.compile(
    rf"(?<![\w/.-])(\d{{1,5}}[a-z]?)\s?/\s?({_CODE}(?:\s?-\s?{_CODE})+)(?![\w/])"
)
# Old style without type or year, accepted only right after "số" or a type word.
OLD_RE = re.compile(
    r"(?:\bsố|\bSố|\bquyết định|\bQuyết định|\bchỉ thị|\bChỉ thị)\s+"
    r"(\d{1,5})/([A-ZĐ]{1,6}[a-z]?)(?![\w/-])"
)
_FORM_BEFORE_RE = re.compile(r"(?:mẫu|biểu|phụ lục|form)\s*(?:số)?\s*[:.]?\s*$", re.IGNORECASE)

_QD_RE = re.compile(r"(?<![A-Za-zĐđ])QD(?=i?(?:[-/]|$))")


def canonical(symbol: str) -> str:
    """Spaces removed, OCR confusions fixed (QD→QĐ, TƯ→TU), misprinted party form mended."""
    s = re.sub(r"\s+", "", symbol).replace("Ð", "Đ")
    s = _QD_RE.sub("QĐ", s)
    s = s.replace("TƯ", "TU")
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
        found.append((m.start(2), (canonical(f"{m.group(2)}-{m.group(3)}/{m.group(4)}"),
                                    m.group(2), m.group(3), "party")))
    m = STATE_YEAR_RE.search(text)
    if m:
        tail = re.sub(r"\s+", "", m.group(3))
        code = tail.split("-")[0] if "-" in tail else ""
        found.append((m.start(), (canonical(f"{m.group(1)}/{m.group(2)}/{tail}"),
                                  m.group(1), code, "state")))
    m = STATE_RE.search(text)
    if m:
        tail = re.sub(r"\s+", "", m.group(2))
        sym = canonical(f"{m.group(1)}/{tail}")
        system = "party" if "-" not in sym.split("/", 1)[0] and re.search(r"/(TW|TU)$", sym) \
            else "state"
        found.append((m.start(), (sym, m.group(1), tail.split("-")[0], system)))
    m = re.match(r"\s*(\d{1,5})\s?/\s?([A-ZĐ]{1,8}[a-z]?)(?![\w/-])", text)
    if m and not found:
        found.append((m.start(), (canonical(f"{m.group(1)}/{m.group(2)}"), m.group(1), "",
                                  "state")))
    if not found:
        return None
    found.sort(key=lambda t: t[0])
    return found[0][1]


def find_references(text: str, own: str | None) -> list[str]:
    """Symbols of other documents cited in ``text``, canonical, deduplicated, in order."""
    hits: list[tuple[int, str]] = []
    for m in PARTY_RE.finditer(text):
        if _is_form(text, m.start()):
            continue
        code = f"-{m.group(3)}/{m.group(4)}"
        for num in re.findall(r"\d{1,5}", m.group(1)):
            hits.append((m.start(), canonical(num + code)))
        hits.append((m.start(2), canonical(m.group(2) + code)))
    for m in STATE_YEAR_RE.finditer(text):
        if not _is_form(text, m.start()):
            hits.append((m.start(), canonical(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")))
    for m in STATE_RE.finditer(text):
        if not _is_form(text, m.start()):
            hits.append((m.start(), canonical(f"{m.group(1)}/{m.group(2)}")))
    for m in OLD_RE.finditer(text):
        hits.append((m.start(1), canonical(f"{m.group(1)}/{m.group(2)}")))
    hits.sort(key=lambda h: h[0])
    seen: set[str] = set()
    if own:
        seen.add(canonical(own))
    out: list[str] = []
    for _, sym in hits:
        if sym not in seen:
            seen.add(sym)
            out.append(sym)
    return out


def _is_form(text: str, pos: int) -> bool:
    return bool(_FORM_BEFORE_RE.search(text[max(0, pos - 20):pos]))
