"""What import keeps of a file's signatures, and the gaps they fill in the parsed fields.

``read`` gives the JSON stored in ``Document.signatures`` (and printed by ``tincoso
parse``): ``{"results": [...], "suggestions": {...}}``, ``{"error": {"vi", "en"}}``
for a PDF whose signatures cannot be read, or ``{}`` for a file with none.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from .prefill import suggest
from .verify import SignatureReadError, verify

logger = logging.getLogger(__name__)

FILLED_CONFIDENCE = 0.9  # a certificate or a signed stamp, not a guess from layout


def read(data: bytes, kind: str, text: str = "") -> dict[str, Any]:
    if kind != "pdf":
        return {}
    try:
        results = verify(data)
    except SignatureReadError as exc:
        return {"error": exc.bilingual()}
    if not results:
        return {}
    return {
        "results": [r.to_dict() for r in results],
        "suggestions": suggest(results, text),
    }


def gaps(current: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The suggested values for the fields ``current`` leaves empty (the parser wins)."""
    out: dict[str, Any] = {}
    for name, suggestion in (record.get("suggestions") or {}).items():
        if not current.get(name):
            out[name] = suggestion["value"]
    number = out.get("number") or current.get("number")
    symbol = current.get("symbol") or ""
    if number and symbol[:1] in ("/", "-"):
        out["symbol"] = f"{number}{symbol}"  # the stamped number completes "/QĐ-UBND"
    return out


def attach(doc: Any, record: dict[str, Any]) -> None:
    """Keep the file's verified signatures (``read``) on ``doc.signatures`` and fill
    the parser's gaps from them."""
    doc.signatures = record
    current = {name: getattr(doc, name) for name in ("number", "symbol", "issuer", "date")}
    current["signer_name"] = doc.signer_name
    for name, value in gaps(current, doc.signatures).items():
        setattr(doc, name, dt.date.fromisoformat(value) if name == "date" else value[:255])
        doc.confidence[name] = FILLED_CONFIDENCE


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its bulky details, for ``tincoso parse``: verdicts and advisories."""
    if not record:
        return {}
    results = [
        {
            "field": r["field"],
            "signer": r["signer_cn"],
            "time": r["time"],
            "chain": r["chain"],
            "verdict": r["verdict"].get("vi", ""),
            "advisories": [a["code"] for a in r["advisories"]],
        }
        for r in record.get("results", [])
    ]
    out: dict[str, Any] = {"results": results, "suggestions": record.get("suggestions", {})}
    if record.get("error"):
        out["error"] = record["error"]
    return out
