"""Where the file corpus loses its points, field by field and form by form.

Every file of ``labels-files.jsonl`` goes through ``tincoso parse``'s own path
(:func:`tincoso.documents.parse_command.parse_file`: extraction, OCR, parser,
signature gaps) and is scored with ``score-parser``'s rules; the table gives
the score of each field per ``form``, and ``--show`` lists the misses.

For iteration on parser rules without paying for OCR again, Tesseract's output
is cached by (image bytes, arguments) hash in ``$TMPDIR/tincoso-ocr-cache``
(``--no-cache`` disables it): any change to rendering or OCR settings changes
the key, so a cached answer is always the one Tesseract would give.

    python -m bench file_fields            # the table
    python -m bench.file_fields --show     # and every miss
    python -m bench.file_fields 036 058    # only these files
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench._worker import ROOT

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CACHE = Path(tempfile.gettempdir()) / "tincoso-ocr-cache"


def _cache_tesseract() -> None:
    """Wrap ``ocr._tesseract`` so that one image is read once per setting."""
    from tincoso.documents import ocr

    original = ocr._tesseract
    CACHE.mkdir(exist_ok=True)

    def cached(image: Any, args: list[str]) -> str:
        key = hashlib.sha256(image.tobytes() + repr((image.size, image.mode, args)).encode())
        path = CACHE / f"{key.hexdigest()}.txt"
        if path.exists():
            return path.read_text()
        text = original(image, args)
        path.write_text(text)
        return text

    ocr._tesseract = cached


def scores(show: bool = False) -> dict[str, dict[str, float]]:
    """Mean score per form and field (``"all"`` for every form), printed as a table."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    django.setup()
    from tincoso.documents.parse_command import parse_file

    scorer = runpy.run_path(str(SHARED / "tools" / "score-parser"), run_name="score_parser")
    fields: list[str] = scorer["FIELDS"]
    labels = [json.loads(line) for line in (CORPUS / "labels-files.jsonl").read_text().splitlines()]
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    only = [a for a in sys.argv[1:] if a[:1].isdigit()]
    for want in labels:
        if only and want["file"].split(".")[0] not in only:
            continue
        got = parse_file(str(CORPUS / "docs" / want["file"]))
        for field in fields:
            value = scorer["score"](field, want.get(field), got.get(field))
            for form in (want["form"], "all"):
                table[form][field].append(value)
            if show and value < 1:
                print(f"{want['file']} {want['form']:8s} {field}: want {want.get(field)!r}")
                print(f"{'':22s}got  {got.get(field)!r}")
    means = {
        form: {field: sum(v) / len(v) for field, v in row.items()} for form, row in table.items()
    }
    _print(table, fields)
    return means


def _print(table: dict[str, dict[str, list[float]]], fields: list[str]) -> None:
    print(f"{'field':18s}" + "".join(f"{form:>10s}" for form in sorted(table)))
    for field in fields:
        cells = "".join(f"{_mean(table[form][field]):10.3f}" for form in sorted(table))
        print(f"{field:18s}{cells}")
    overall = "".join(
        f"{_mean([v for vs in table[form].values() for v in vs]):10.3f}" for form in sorted(table)
    )
    counts = "".join(f"{len(table[form]['date']):10d}" for form in sorted(table))
    print(f"{'overall':18s}{overall}")
    print(f"{'files':18s}{counts}")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def run() -> None:
    if not (CORPUS / "labels-files.jsonl").exists():
        print("../shared/corpus/labels-files.jsonl not found: skipped")
        return
    if "--no-cache" not in sys.argv:
        _cache_tesseract()
    scores(show="--show" in sys.argv)


if __name__ == "__main__":
    run()
