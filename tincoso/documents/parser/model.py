"""The parser's result: one record per document, in the shape of the corpus labels."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(slots=True)
class ParsedDocument:
    """Fields of one Vietnamese official document; ``None`` where absent.

    ``confidence`` maps each field name to 0..1: high when the value was found in its
    canonical place by the canonical pattern, lower for fallbacks, 0 when absent.
    """

    system: str | None = None  # "party" | "state"
    doc_type: str | None = None  # full type name, e.g. "Quyết định"
    number: str | None = None  # as printed, leading zeros kept
    symbol: str | None = None  # canonical ký hiệu, e.g. "63/2025/QĐ-UBND"
    symbol_printed: str | None = None  # the number line as printed
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None  # trích yếu, without the type word
    addressees: list[str] | None = None
    references: list[str] = field(default_factory=list)
    recipients: list[str] | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signing_authority: str | None = None
    truncated: bool = False
    confidence: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in FIELDS}
        out["confidence"] = {
            name: round(self.confidence.get(name, 0.0), 2) for name in FIELDS if name != "truncated"
        }
        return out


# Output keys, in the order the labels use: the dataclass's fields, scores aside.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ParsedDocument) if f.name != "confidence")
