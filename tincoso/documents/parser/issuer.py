"""Issuing body and governing (parent) body from the header's left column.

Naming rules: a party body under a party committee is named with the committee
("Ban Tuyên giáo Tỉnh ủy Hà Tĩnh"; under the Central Committee: "Ban Tổ chức Trung
ương", "Văn phòng Trung ương Đảng"). A state body under a local government takes the
locality ("Sở Tư pháp tỉnh Đồng Nai"); under a ministry it keeps its own name
("Cục Thuế").
"""

from __future__ import annotations

import re

from .casing import CaseIndex, recase
from .vocab import fold

# Upper-case header words misprinted or mis-recognised (D for Đ, old tone placement).
_WORD_FIXES = {
    "DẢNG": "ĐẢNG",
    "DẠI": "ĐẠI",
    "DOÀN": "ĐOÀN",
    "DỒNG": "ĐỒNG",
    "DỊNH": "ĐỊNH",
    "DẠO": "ĐẠO",
    "DÀO": "ĐÀO",
    "DỘC": "ĐỘC",
    "UỶ": "ỦY",
    "TOÀ": "TÒA",
    "HOÀ": "HÒA",
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_ADMIN_F = re.compile(
    r"\b(thanh pho|tinh|huyen|quan|thi xa|thi tran|xa|phuong|dac khu|tp\.?)"
    r"\s+\S"
)
_LOCAL_GOV_F = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\b")
# Organs named by their function only, which take their parent's name.
_ORGAN_OF_PARENT_F = re.compile(r"^(?:ban )?(?:thuong truc|thuong vu)$")
_CENTRAL_F = re.compile(r"^ban chap hanh trung uong(?: dang)?$")
_PARTY_COMMITTEE_F = re.compile(r"\b(?:tinh|thanh|huyen|quan|thi|dang) uy\b|trung uong")


def fix_words(text: str) -> str:
    text = _WORD_RE.sub(lambda m: _WORD_FIXES.get(m.group(0), m.group(0)), text)
    # "CHỦ TỊCH NHÂN DÂN": the chairman of the Ủy ban nhân dân, "ỦY BAN" dropped.
    text = re.sub(r"^CHỦ TỊCH\s+NHÂN DÂN", "CHỦ TỊCH ỦY BAN NHÂN DÂN", text)
    return re.sub(r"\s+", " ", text).strip(" ,.-")


def resolve_issuer(
    bodies: list[str], party: bool, index: CaseIndex | None
) -> tuple[str, str | None, float]:
    """(issuer, parent or None, confidence) from the header bodies, top to bottom."""
    bodies = [fix_words(b) for b in bodies if fix_words(b)]
    if not bodies:
        return "", None, 0.0
    if len(bodies) == 1:
        return recase(bodies[0], index, name=True), None, 0.9
    parent_raw, child_raw = bodies[-2], bodies[-1]
    conf = 0.9 if len(bodies) == 2 else 0.7
    parent = recase(parent_raw, index, name=True)
    child = recase(child_raw, index, name=True)
    fp, fc = fold(parent_raw), fold(child_raw)
    if party or (_PARTY_COMMITTEE_F.search(fp) and not _LOCAL_GOV_F.match(fp)):
        if _CENTRAL_F.match(fp):
            suffix = "Trung ương Đảng" if fc.startswith("van phong") else "Trung ương"
        else:
            suffix = parent
        if not _PARTY_COMMITTEE_F.search(fc):
            child = f"{child} {suffix}"
        return child, parent, conf
    if _ORGAN_OF_PARENT_F.match(fc):
        # "BAN THƯỜNG TRỰC" under its committee is that committee's standing board.
        child = f"{child} {parent}"
    elif _LOCAL_GOV_F.match(fp) and not _ADMIN_F.search(fc):
        m = _ADMIN_F.search(fp)
        if m:
            locality = recase(parent_raw[m.start() :], index)
            child = f"{child} {locality[0].lower()}{locality[1:]}"
    return child, parent, conf


# Bodies are named in full (NĐ 30, Phụ lục I: the issuer's name is written out;
# an abbreviation is the header's shorthand).
_BODY_ABBREVIATIONS = (
    (re.compile(r"\bUBMTTQ\b"), "Ủy ban Mặt trận Tổ quốc"),
    (re.compile(r"\bMTTQ\b"), "Mặt trận Tổ quốc"),
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    # "Tổ công tác liên ngành TW", "Ban Chỉ đạo TW": the central level written out.
    (re.compile(r"(?<=\w )TW$"), "Trung ương"),
)


def expand_abbreviations(name: str) -> str:
    """A body's name with the header shorthand (UBND, HĐND, MTTQ, a closing TW) written out."""
    for rx, full in _BODY_ABBREVIATIONS:
        name = rx.sub(full, name)
    return name
