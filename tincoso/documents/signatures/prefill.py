"""Field suggestions read from the signatures, each with where it came from (notes §B6.2).

- ``number`` (and the day): the digits an organisation's signature stamps in the
  header band of page 1, left to right: number, day, then month and year when the
  tool stamps them separately.
- ``signer_name``: the certificate name of the personal signature in the signature
  block: the largest personal widget on the last page a person signed (not the
  small initials, ký nháy, beside it).
- ``issuer``: the organisation certificate's name, with its parent body when the name
  is a sub-body ("Ban Tổ chức" + "Thành ủy Hà Nội"; "Sở Nội vụ" + "tỉnh Lâm Đồng").
- ``date``: the organisation's first signature, by its timestamp in Vietnam time; the
  stamped day wins when it falls in the month before.

Only signatures whose content is unchanged are used.  The parser's reading of the text
stays primary: :func:`fill_gaps` sets only fields the parser left empty.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tincoso.core.text import fold
from tincoso.documents.parser.casing import CaseIndex, recase

from .result import SignatureResult

TOP_BAND = 0.72  # a stamp's bottom edge above this share of the page height
# A certificate whose name opens with one of these belongs to a body, not a person.
_BODY_WORDS = (
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong",
    "so ",
    "bo ",
    "ban ",
    "van phong",
    "trung tam",
    "cuc ",
    "tong cuc",
    "chi cuc",
    "thanh uy",
    "tinh uy",
    "huyen uy",
    "quan uy",
    "dang uy",
    "phong ",
    "vien nghien cuu",
    "vien kiem sat",
    "hoc vien",
    "truong dai hoc",
    "truong cao dang",
    "truong trung hoc",
    "truong tieu hoc",
    "truong mam non",
    "truong chinh tri",
    "benh vien",
    "cong an",
    "quoc hoi",
    "chinh phu",
    "thu tuong",
    "toa an",
    "kho bac",
    "ngan hang",
    "bao nhan dan",
    "dai phat thanh",
    "dai truyen hinh",
    "mat tran",
    "hoi ",
    "lien doan",
    "doan thanh nien",
    "doan tncs",
    "cong ty",
    "dai hoc",
    "co quan",
    "bo chi huy",
    "bo tu lenh",
    "xa ",
    "phuong ",
    "thi tran",
)  # not "Trương", "Đoàn", "Bảo", "Viên", "Đái" alone: surnames too ("Bàn" is a rare one)
_DIGITS = re.compile(r"^\d{1,6}$")
_PARTY_COMMITTEE = re.compile(r"\b(thanh|tinh|huyen|quan|thi|dang) uy\b")


def is_body(common_name: str) -> bool:
    folded = fold(common_name).lower() + " "
    return folded.startswith(_BODY_WORDS)


def _usable(results: list[SignatureResult]) -> list[SignatureResult]:
    return [r for r in results if r.content_unchanged]


def _stamps(bodies: list[SignatureResult]) -> list[str]:
    found = []
    for r in bodies:
        text = r.appearance_text.strip()
        if r.page != 1 or not r.rect or not r.page_height or not _DIGITS.match(text):
            continue
        if r.rect[1] >= TOP_BAND * r.page_height:
            found.append((r.rect[0], text))
    return [text for _, text in sorted(found)]


def _when(r: SignatureResult) -> dt.datetime:
    return dt.datetime.fromisoformat(r.time) if r.time else dt.datetime.max.replace(tzinfo=dt.UTC)


def _date(first: SignatureResult, stamps: list[str]) -> tuple[dt.date, str]:
    signed = dt.datetime.fromisoformat(first.time or "").date()
    if len(stamps) >= 2:
        day = int(stamps[1])
        month = int(stamps[2]) if len(stamps) >= 3 else signed.month
        year = int(stamps[3]) if len(stamps) >= 4 else signed.year
        stamped = _day_in(year, month, day)
        if len(stamps) < 3 and (stamped is None or stamped > signed):
            # only the day is stamped: the office dated the document on or before
            # signing, so a day past the signing day is of the month before
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            stamped = _day_in(year, month, day)
        if stamped is not None and 0 <= (signed - stamped).days <= 31:
            return stamped, "stamp"
    return signed, first.time_source


def _day_in(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _cased(name: str, index: CaseIndex | None) -> str:
    return recase(name, index, name=True) if name.isupper() else name


def issuer_name(r: SignatureResult, index: CaseIndex | None = None) -> str:
    name, parent = r.signer_cn, r.signer_o
    folded, folded_parent = fold(name).lower(), fold(parent).lower()
    if not parent or folded_parent == folded:
        return _cased(name, index)
    if folded.startswith("ban ") and _PARTY_COMMITTEE.search(folded_parent):
        return f"{_cased(name, index)} {_cased(parent, index)}"
    people = "uy ban nhan dan "
    if folded_parent.startswith(people) and not folded.startswith(people):
        place = parent.split(maxsplit=4)[4] if len(parent.split()) > 4 else ""
        place = _cased(place, index)
        return f"{_cased(name, index)} {place[:1].lower()}{place[1:]}".strip()
    return _cased(name, index)


def suggest(results: list[SignatureResult], text: str = "") -> dict[str, dict[str, Any]]:
    """``{field: {"value": ..., "from": signature field, "how": ...}}`` for what is found."""
    usable = _usable(results)
    bodies = [r for r in usable if is_body(r.signer_cn)]
    people = [r for r in usable if not is_body(r.signer_cn) and r.signer_cn]
    out: dict[str, dict[str, Any]] = {}
    index = CaseIndex(text.splitlines()) if text else None
    stamps = _stamps(bodies)
    if stamps:
        stamp_field = next(r.field for r in bodies if r.appearance_text.strip() == stamps[0])
        out["number"] = {"value": stamps[0], "from": stamp_field, "how": "stamp"}
    if people:
        last_page = max(r.page or 0 for r in people)
        block = max(
            (r for r in people if (r.page or 0) == last_page),
            key=lambda r: (r.rect[2] - r.rect[0]) * (r.rect[3] - r.rect[1]) if r.rect else 0,
        )
        out["signer_name"] = {"value": block.signer_cn, "from": block.field, "how": "certificate"}
    timed = [r for r in bodies if r.time]
    if timed:
        first = min(timed, key=_when)
        day, how = _date(first, stamps)
        out["date"] = {"value": day.isoformat(), "from": first.field, "how": how}
    if bodies:
        body = min(timed, key=_when) if timed else bodies[0]
        out["issuer"] = {
            "value": issuer_name(body, index),
            "from": body.field,
            "how": "certificate",
        }
    return out
