"""Where the file corpus loses its points: extraction or parsing?

Every file of ``labels-files.jsonl`` goes through :func:`extract_text` and the
parser, as ``tincoso parse`` does, and is scored per ``form``.  For each field
the parser got wrong, the extracted text is searched for the labelled value
(diacritics, case and spaces ignored; a date as "ngày D tháng M năm Y" or
D/M/Y): if the text holds it, the point was lost by the parser; if not, by
extraction (OCR misread, stamp not read, text missing).  Fields whose labelled
form is rarely printed verbatim (issuer, parent issuer, titles of signers) are
counted as "not judged".

Slow: it recognises every scanned page (about 60 pages, several minutes).
"""

from __future__ import annotations

import json
import re
import runpy
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bench._worker import ROOT

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
JUDGED = {"doc_type", "number", "symbol", "place", "date", "title", "signer_name", "references"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", "", text).lower()


def _has(text: str, field: str, value: Any) -> bool:
    folded = _fold(text)
    if field == "date":
        year, month, day = (int(part) for part in str(value).split("-"))
        words = rf"ngay0*{day}thang0*{month}nam{year}"
        return bool(re.search(words, folded) or re.search(rf"0*{day}/0*{month}/{year}", folded))
    if field == "number":
        return bool(re.search(rf"(?<!\d)0*{re.escape(str(value))}(?!\d)", folded[:3000]))
    if field == "references":
        return all(_fold(item) in folded for item in value)
    if field == "title":
        return _fold(re.sub(r"^V/v\s*", "", str(value)))[:40] in folded
    return _fold(str(value)) in folded


def _read(name: str) -> tuple[str, str]:
    import django

    django.setup()
    from tincoso.documents.extraction import ExtractionError, extract_text

    try:
        return name, extract_text((CORPUS / "docs" / name).read_bytes(), name).text
    except ExtractionError as error:
        return name, f"[{error.code}]"


def run() -> None:
    from tincoso.documents.parser import parse_text

    scorer = runpy.run_path(str(SHARED / "tools" / "score-parser"), run_name="score_parser")
    labels = [json.loads(line) for line in (CORPUS / "labels-files.jsonl").read_text().splitlines()]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        texts = dict(pool.map(_read, [label["file"] for label in labels]))
    print(f"extracted {len(labels)} files in {time.perf_counter() - started:.0f} s (2 processes)")
    scores: dict[str, list[float]] = {}
    lost: Counter[tuple[str, str]] = Counter()
    for want in labels:
        text = texts[want["file"]]
        got = parse_text(text).to_dict()
        for field in scorer["FIELDS"]:
            score = scorer["score"](field, want.get(field), got.get(field))
            scores.setdefault(want["form"], []).append(score)
            if score == 1 or want.get(field) in (None, []):
                continue
            if field not in JUDGED:
                where = "not judged"
            else:
                where = "parser" if _has(text, field, want[field]) else "extraction"
            lost[(want["form"], where)] += 1 - score
    total = sum(len(s) for s in scores.values())
    print(f"overall {sum(sum(s) for s in scores.values()) / total:.3f}")
    for form, values in sorted(scores.items()):
        parts = ", ".join(
            f"{where} {lost[(form, where)]:.1f}" for where in ("extraction", "parser", "not judged")
        )
        print(f"  {form:9s} {sum(values) / len(values):.3f}  points lost: {parts}")
