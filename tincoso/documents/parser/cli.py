"""Command line: ``parse FILE... [--json]``.

With ``--json`` prints one JSON object per file, one per line, in input order; without
it, a readable block per file. A file that cannot be read yields an object with an
``error`` key (fields null) and makes the exit status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from .grammar import parse_text
from .model import FIELDS

USAGE = "usage: parse FILE... [--json]"


def read_document(path: str | Path) -> str:
    """Read a text file: UTF-8, else UTF-16 with a BOM, else Windows-1258."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    return data.decode("cp1258", errors="replace")


def _error_record(path: str, message: str) -> dict[str, Any]:
    record: dict[str, Any] = {"file": path, "error": message}
    record.update({name: None for name in FIELDS})
    record["references"] = None
    record["confidence"] = None
    return record


def _print_human(record: dict[str, Any], out: TextIO) -> None:
    out.write(f"== {record.get('file')}\n")
    if record.get("error"):
        out.write(f"   error: {record['error']}\n\n")
        return
    conf = record.get("confidence") or {}
    for name in FIELDS:
        value = record.get(name)
        c = conf.get(name)
        tag = f" [{c:.2f}]" if isinstance(c, float) else ""
        if isinstance(value, list):
            out.write(f"   {name}{tag}:\n")
            for item in value:
                out.write(f"     - {item}\n")
            if not value:
                out.write("     (none)\n")
        else:
            out.write(f"   {name}{tag}: {'' if value is None else value}\n")
    out.write("\n")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    paths = [a for a in args if a != "--json"]
    if any(a in ("-h", "--help") for a in paths):
        print(USAGE)
        return 0
    if not paths:
        print(USAGE, file=sys.stderr)
        return 2
    status = 0
    out = sys.stdout
    for path in paths:
        try:
            text = read_document(path)
        except OSError as exc:
            record = _error_record(path, f"{type(exc).__name__}: {exc.strerror or exc}")
            status = 1
        else:
            try:
                record = {"file": path, **parse_text(text).to_dict()}
            except Exception as exc:  # a parser bug must not lose the other files
                record = _error_record(path, f"parse failed: {type(exc).__name__}: {exc}")
                status = 1
        if as_json:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_human(record, out)
    out.flush()
    return status
