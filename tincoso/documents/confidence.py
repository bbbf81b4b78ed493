"""Which parsed fields the officer should confirm before trusting them.

The parser gives each field a score (``ParsedDocument.confidence``: high when found
in its canonical place by the canonical pattern, lower for fallbacks). That score
alone misses what the parser cannot know, so a field is also marked for checking
when its value fails the rules of an official document (a date in the future, a
symbol outside the grammar, a number that is not the symbol's), or when the text it
came from is doubtful (recognised by OCR, or not reading as Vietnamese). A score
of 1.0 means an officer saved the field on the edit page: confirmed by a person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Literal

from tincoso.core import clock
from tincoso.documents import fields
from tincoso.documents.extraction import Extracted
from tincoso.documents.models import Document
from tincoso.documents.parser.model import ParsedDocument
from tincoso.documents.text_quality import looks_vietnamese

Status = Literal["ok", "check", "missing"]

# The fields shown on the document page, in reading order (``documents.fields``).
FIELDS: tuple[str, ...] = fields.CHECKED
# Every official document has these; the others may rightly be absent (a body with
# no parent, a letter without signing authority).
REQUIRED: frozenset[str] = frozenset(
    {"doc_type", "symbol", "issuer", "date", "title", "signer_name"}
)
# Below this parser score a field is marked (the edit page's "check carefully").
THRESHOLD = 0.6
# Text recognised from page images: only values found by the canonical pattern pass.
OCR_THRESHOLD = 0.9
CONFIRMED = 1.0
# Fields read from handwriting in a scan's blanks (``Extracted.handwritten``) score
# no higher than this, below both thresholds: the officer confirms them.
HANDWRITTEN = 0.5
# The parsed fields each handwritten blank feeds (the number is part of the symbol).
_FROM_BLANK: dict[str, tuple[str, ...]] = {"number": ("number", "symbol"), "date": ("date",)}
# Fields read from the header, whose text quality decides how far to trust them.
_HEADER = frozenset({"doc_type", "symbol", "issuer", "parent_issuer", "place", "date", "title"})

# Số, ký hiệu: a number, an optional year, then abbreviations joined by "-"
# ("30-HD/BTG", "63/2025/QĐ-UBND", "09/CT-TTg", "416/TTr-CAT(PC04)").
_SYMBOL = re.compile(r"^\d{1,5}[a-zđ]?(?:/\d{4})?[-/][^\W\d_]\w*(?:[-/.&]\w+)*(?:\(\w+\))?$")
_EARLIEST = dt.date(1945, 9, 2)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _rule_broken(name: str, parsed: ParsedDocument, today: dt.date) -> bool:
    value = getattr(parsed, name)
    if name == "date":
        try:
            date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            return True
        return not (_EARLIEST <= date <= today)
    if name == "symbol":
        if not _SYMBOL.match(str(value)):
            return True
        return bool(parsed.number) and not str(value).startswith(str(parsed.number))
    return False


def field_confidence(
    parsed: ParsedDocument,
    extracted: Extracted | str | None = None,
    *,
    today: dt.date | None = None,
) -> dict[str, Status]:
    """``"ok"``, ``"check"`` or ``"missing"`` for each field in :data:`FIELDS`.

    ``extracted`` is the extraction result, or just the text the fields were read
    from (a stored document keeps its text, not how it was obtained).
    """
    today = today or clock.now().date()
    text = extracted.text if isinstance(extracted, Extracted) else (extracted or "")
    ocr = isinstance(extracted, Extracted) and extracted.ocr
    unreadable = bool(text) and not looks_vietnamese(text)
    # No score at all: the fields were typed by a person, not read by the parser
    # (which always scores at least the references).
    unscored = CONFIRMED if not parsed.confidence else 0.0
    out: dict[str, Status] = {}
    for name in FIELDS:
        score = parsed.confidence.get(name, unscored)
        if _empty(getattr(parsed, name)):
            out[name] = "missing" if name in REQUIRED else "ok"
        elif score >= CONFIRMED:
            out[name] = "ok"
        elif (
            score < (OCR_THRESHOLD if ocr else THRESHOLD)
            or _rule_broken(name, parsed, today)
            or (unreadable and name in _HEADER)
        ):
            out[name] = "check"
        else:
            out[name] = "ok"
    return out


def doubt_handwritten(confidence: dict[str, float], handwritten: Iterable[str]) -> dict[str, float]:
    """The parser's scores with the fields read from handwritten blanks lowered."""
    out = dict(confidence)
    for blank in handwritten:
        for name in _FROM_BLANK.get(blank, ()):
            out[name] = min(out.get(name, HANDWRITTEN), HANDWRITTEN)
    return out


def parsed_from(doc: Document) -> ParsedDocument:
    """A stored document's fields as the parser's record, to judge them again."""
    return ParsedDocument(
        system=doc.system or None,
        doc_type=doc.doc_type,
        number=doc.number,
        symbol=doc.symbol,
        issuer=doc.issuer,
        parent_issuer=doc.parent_issuer,
        place=doc.place,
        date=doc.date.isoformat() if doc.date else None,
        title=doc.title,
        recipients=list(doc.recipients or []),
        signer_name=doc.signer_name,
        signer_title=doc.signer_title,
        signing_authority=doc.signing_authority,
        confidence={k: float(v) for k, v in (doc.confidence or {}).items()},
    )
