"""The signed PDFs of ../shared/corpus against their labels: one row per file.

Used by the corpus test (``test_signatures_corpus.py``) and by ``python -m bench
signatures``, which prints the table with timings.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tincoso.core.text import fold
from tincoso.documents.signatures.prefill import suggest
from tincoso.documents.signatures.result import SignatureResult
from tincoso.documents.signatures.verify import verify

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPUS = SHARED / "corpus"


@dataclass
class Row:
    file: str
    label: dict[str, Any]
    results: list[SignatureResult] = field(default_factory=list)
    suggestions: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0

    def got(self, name: str) -> str | None:
        return (self.suggestions.get(name) or {}).get("value")

    def match(self, name: str) -> bool | None:
        """None when the signatures suggest nothing for ``name``."""
        got, want = self.got(name), self.label.get(name)
        if got is None:
            return None
        if name == "issuer":
            return same_body(got, want or "")
        return bool(got == want)


def same_body(got: str, want: str) -> bool:
    """Names of a body equal, ignoring case, accents and punctuation."""

    def key(text: str) -> str:
        return " ".join(re.sub(r"[^\w ]", " ", fold(text).lower()).split())

    return key(got) == key(want)


def labels() -> list[dict[str, Any]]:
    lines = (CORPUS / "labels-files.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def rows() -> list[Row]:
    out = []
    for label in labels():
        if not label["file"].endswith(".pdf"):
            continue
        data = (CORPUS / "docs" / label["file"]).read_bytes()
        started = time.perf_counter()
        results = verify(data)
        suggestions = suggest(results)
        out.append(Row(label["file"], label, results, suggestions, time.perf_counter() - started))
    return out


def _mark(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "—"}[value]


def table(found: list[Row]) -> str:
    head = (
        f"{'file':8} {'sigs':>4} {'s':>5}  {'signer':22} {'=':3} {'date':10} {'=':3} "
        f"{'number':6} {'=':3} {'issuer':40} {'=':3}"
    )
    lines = [head, "-" * len(head)]
    for row in found:
        if not row.results:
            continue
        lines.append(
            f"{row.file:8} {len(row.results):4} {row.seconds:5.2f}  "
            f"{(row.got('signer_name') or '')[:22]:22} {_mark(row.match('signer_name')):3} "
            f"{row.got('date') or '':10} {_mark(row.match('date')):3} "
            f"{row.got('number') or '':6} {_mark(row.match('number')):3} "
            f"{(row.got('issuer') or '')[:40]:40} {_mark(row.match('issuer')):3}"
        )
    return "\n".join(lines)


def totals(found: list[Row]) -> dict[str, tuple[int, int]]:
    """{field: (matches, files where the signatures suggest it)}."""
    out = {}
    for name in ("signer_name", "date", "number", "issuer"):
        marks = [row.match(name) for row in found if row.results]
        out[name] = (sum(1 for m in marks if m), sum(1 for m in marks if m is not None))
    return out
