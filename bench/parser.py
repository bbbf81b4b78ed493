"""Parser figures: field scores on the labelled corpus and the founding document, and speed.

Speed is measured on one core: documents per second for text already in memory
(target ≥ 300/s), and for .docx files end to end (extract + parse). The .docx
files are generated from the corpus texts with python-docx.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _scores() -> None:
    scorer = SHARED / "tools" / "score-parser"
    if not scorer.exists():
        print("../shared/tools/score-parser not found: scores skipped")
        return
    command = [str(ROOT / ".venv" / "bin" / "tincoso"), "parse", "--json"]
    for label, corpus in (("corpus", SHARED / "corpus"), ("sample", SHARED / "samples")):
        out = subprocess.run(
            [sys.executable, str(scorer), "--corpus", str(corpus), "--show", "3", "--", *command],
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"--- parser scores on the {label} ({corpus})")
        print(out.stdout.rstrip())


def _texts() -> list[str]:
    docs = sorted((SHARED / "corpus" / "docs").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in docs]
    texts.append(
        (ROOT / "tincoso" / "documents" / "demo_data" / "30-HD-BTG.txt").read_text(encoding="utf-8")
    )
    return texts


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.replace("**", ""))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rate(fn, items: list, rounds: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    per_round = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            fn(item)
        per_round.append(len(items) / (time.perf_counter() - started))
    return max(per_round), statistics.median(per_round)


def run() -> None:
    import django

    django.setup()
    from tincoso.documents.extract import extract_text
    from tincoso.documents.parser import parse_text

    _scores()
    texts = _texts()
    best, median = _rate(parse_text, texts, rounds=7)
    size = statistics.mean(len(t) for t in texts)
    print(f"--- speed, one core, {len(texts)} documents of {size:,.0f} characters on average")
    print(
        f"parse (text in memory): best {best:,.0f} docs/s, median {median:,.0f} docs/s "
        f"(target ≥ 300)"
    )
    files = [_docx(t) for t in texts]
    best, median = _rate(lambda data: parse_text(extract_text(data, "x.docx").text), files)
    print(f"extract + parse (.docx): best {best:,.0f} docs/s, median {median:,.0f} docs/s")
    best, median = _rate(lambda t: parse_text(extract_text(t.encode("utf-8"), "x.txt").text), texts)
    print(f"extract + parse (.txt bytes): best {best:,.0f} docs/s, median {median:,.0f} docs/s")
    pdfs = [_pdf(t) for t in texts]
    pages = statistics.mean(_pages(p) for p in pdfs)
    best, median = _rate(lambda data: parse_text(extract_text(data, "x.pdf").text), pdfs, rounds=3)
    print(
        f"extract + parse (.pdf text layer, {pages:.1f} pages on average): "
        f"best {best:,.1f} docs/s, median {median:,.1f} docs/s"
    )


def _pdf(text: str) -> bytes:
    """A PDF with a real text layer, drawn by WeasyPrint in Liberation Serif."""
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(line.replace('**', ''))}</p>" for line in text.splitlines())
    html = f"<html><body style='font-family: Liberation Serif'>{body}</body></html>"
    return bytes(HTML(string=html).write_pdf())


def _pages(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)
