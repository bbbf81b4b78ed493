"""``tincoso normalise [FILE...]``: sentences in, one JSON object per line out.

Each input line (standard input, or each file in turn) gives
``{"text": line, "reading": reading(line)}`` on its own output line, UTF-8 and
not escaped, so any test set can be scored from outside the suite. Every line is
answered, blank ones too, so output line N belongs to input line N.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from . import reading

USAGE = "usage: tincoso normalise [FILE...]   (no FILE: read standard input)"


def _lines(data: bytes, name: str) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{name}: không phải văn bản UTF-8 (byte {error.start}) / "
            f"not UTF-8 text (byte {error.start})"
        ) from None
    return text.splitlines()


def _write(lines: Iterable[str], out: TextIO) -> None:
    for line in lines:
        out.write(json.dumps({"text": line, "reading": reading(line)}, ensure_ascii=False))
        out.write("\n")


def main(argv: list[str], stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; 0 on success, 1 when an input cannot be read (nothing is printed)."""
    if any(arg in {"-h", "--help"} for arg in argv):
        print(USAGE)
        return 0
    source = stdin or sys.stdin
    out = stdout or sys.stdout
    try:
        if argv:
            batches = []
            for name in argv:
                path = Path(name)
                if not path.is_file():
                    raise ValueError(f"{name}: không có tệp này / no such file")
                batches.append(_lines(path.read_bytes(), name))
        else:
            raw = source.buffer.read() if hasattr(source, "buffer") else source.read().encode()
            batches = [_lines(raw, "stdin")]
    except ValueError as error:
        print(f"tincoso normalise: {error}", file=sys.stderr)
        return 1
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    try:
        for batch in batches:
            _write(batch, out)
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        sys.stderr.close()
    return 0
