"""What showing the original costs a document page, per request.

.docx: converted to HTML (mammoth) and sanitised (nh3), uncached, for each .docx
of the shared file corpus (the page caches the result by the file's hash).
PDF: the check whether the first page is a picture (fields read from a scan are
judged as OCR), for each PDF of the corpus. Page drawing happens in the browser.
"""

from __future__ import annotations

import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "docs"
ROUNDS = 3


def _best(work: object, data: bytes) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work(data)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> None:
    import django

    django.setup()
    from tincoso.documents.original import _convert, first_page_is_picture, sanitise

    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}")
        return
    docx = sorted(CORPUS.glob("*.docx"))
    total = 0.0
    for path in docx:
        data = path.read_bytes()
        seconds = _best(lambda d: sanitise(_convert(d)), data)
        total += seconds
        html = sanitise(_convert(data))
        print(
            f"  {path.name}: {len(data) / 1024:6.0f} KiB -> {len(html) / 1024:5.0f} KiB HTML"
            f"  {seconds * 1000:6.1f} ms"
        )
    print(
        f".docx preview: {len(docx)} files,"
        f" mean {total / max(len(docx), 1) * 1000:.1f} ms (uncached)"
    )
    pdfs = sorted(CORPUS.glob("*.pdf"))
    times = [(_best(first_page_is_picture, p.read_bytes()), p) for p in pdfs]
    pictures = sum(first_page_is_picture(p.read_bytes()) for p in pdfs)
    worst = max(times, key=lambda t: t[0])
    print(
        f"PDF first-page check: {len(pdfs)} files ({pictures} scans), mean "
        f"{sum(t for t, _ in times) / max(len(times), 1) * 1000:.1f} ms, worst "
        f"{worst[0] * 1000:.1f} ms ({worst[1].name}, {worst[1].stat().st_size / 1e6:.1f} MB)"
    )
