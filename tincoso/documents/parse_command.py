"""``tincoso parse FILE... [--json] [--jobs N]``: parse documents as the web import does.

Every file goes through the same extraction as an upload (:func:`extract_text`:
.txt, .docx, .pdf with stamps and OCR, page images) and the same size limit,
then through the parser.  With ``--json`` one JSON object per file, one per
line, in input order; without it, a readable block per file.

A file that yields nothing — unreadable, refused, empty — gets an object whose
``error`` key holds the reason in Vietnamese and English (fields null), and the
exit status is 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def parse_file(path: str) -> dict[str, Any]:
    """The parsed fields of one file, or an error record."""
    from tincoso.documents.confidence import doubt_handwritten
    from tincoso.documents.extraction import ExtractionError, extract_text
    from tincoso.documents.parser import parse_text
    from tincoso.documents.parser.cli import _error_record
    from tincoso.documents.services import MAX_UPLOAD_BYTES
    from tincoso.documents.signatures.record import gaps as signature_gaps
    from tincoso.documents.signatures.record import read as read_signatures
    from tincoso.documents.signatures.record import summary

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _error_record(path, f"Không đọc được tệp / cannot read the file: {reason}")
    try:
        extracted = extract_text(data, Path(path).name, max_bytes=MAX_UPLOAD_BYTES)
    except ExtractionError as exc:
        message = exc.bilingual()
        return _error_record(path, f"{message['vi']} / {message['en']}")
    try:
        document = parse_text(extracted.text)
        document.confidence = doubt_handwritten(document.confidence, extracted.handwritten)
        parsed = document.to_dict()
    except Exception as exc:  # a parser bug must not lose the other files
        return _error_record(path, f"parse failed: {type(exc).__name__}: {exc}")
    signatures = read_signatures(data, extracted.kind, extracted.text)
    parsed.update(signature_gaps(parsed, signatures))
    return {
        "file": path,
        **parsed,
        "extraction": _describe(extracted),
        "signatures": summary(signatures),
    }


def _describe(extracted: Any) -> dict[str, Any]:
    return {
        "kind": extracted.kind,
        "encoding": extracted.encoding,
        "pages": extracted.pages,
        "ocr_pages": list(extracted.ocr_pages),
        "handwritten": list(extracted.handwritten),
    }


def main(argv: list[str]) -> int:
    import argparse

    from tincoso.documents.parser.cli import _print_human

    options = argparse.ArgumentParser(prog="tincoso parse", description=__doc__.split("\n")[0])
    options.add_argument("files", nargs="+", metavar="FILE")
    options.add_argument("--json", action="store_true", help="one JSON object per line")
    options.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="files read at once in separate processes (OCR is slow; 1 by default)",
    )
    args = options.parse_args(argv)
    status = 0
    for record in _records(args.files, max(1, args.jobs)):
        if record.get("error"):
            status = 1
            print(f"{record['file']}: {record['error']}", file=sys.stderr)
        if args.json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_human(record, sys.stdout)
        sys.stdout.flush()
    return status


def _records(paths: list[str], jobs: int) -> Iterator[dict[str, Any]]:
    """Parsed records in input order, read by ``jobs`` worker processes."""
    if jobs == 1 or len(paths) == 1:
        yield from map(parse_file, paths)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(parse_file, paths)
