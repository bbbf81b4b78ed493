"""The incoming registers of a busy unit, on SQLite: building the sổ đăng ký (10
columns) and the sổ theo dõi (7) for a year, their .xlsx, the handling report; the
pages as a browser gets them (the register page as it opens, the printed register of
the whole year); and the printed register as PDF through its view, the line limit
lifted (1,000 lines only: 5,000 take WeasyPrint minutes), for 1,000 and 5,000 lines a
year. Each line has a forward, a reply, and every tenth a return. Best of two after a
warm-up (the PDF: once).

    .venv/bin/python -m bench registers

Only URLs and ``book()`` are called, so the same file measures an older tree too:
with ``REGISTERS_BEFORE=<git ref>`` each size runs first on that ref's tree (``git
archive``d to a temporary folder, this file copied in) and then on this one, side by
side in one run:

    REGISTERS_BEFORE=69a1ce2 .venv/bin/python -m bench registers

Figures at 5,000 lines, side by side in one run each (2 shared cores, load 3-4; wall
times swing 2x between runs, only ratios within a run count):

* the page shows its span only: before the spans (69a1ce2) the sổ theo dõi page
  built and showed the year, 2,791 ms; now 268 ms for its 500 lines, where the
  whole year's sổ theo dõi (print, XLSX) takes 2,502 ms. A test pins the page's lines
  to the whole year's restricted to the span (``test_register_pages``).
* choice labels read once per field (``registers/labels.py``; b683273 before): the
  whole year's sổ theo dõi 4,058 → 3,362 ms, the handling report 3,615 → 2,712 ms,
  its .xlsx 2,532 → 1,823 ms; the pages within noise. What is left of the whole
  year is mostly Django's prefetch machinery (a related manager per line for the
  replies and the instructions: ~2.7 of 6.7 s under cProfile).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from bench._worker import ROOT, main, on_sqlite


def _generate(lines: int) -> Any:
    from django.db import transaction

    from tincoso.documents.models import Dispatch, DispatchEvent, Document
    from tincoso.units import subtree_tallies
    from tincoso.units.models import Unit

    province = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
    unit = Unit.objects.add_child(province, {"code": "x", "name": "Xã Một", "kind": "commune"})
    unit = Unit.objects.get(pk=unit.pk)
    village = Unit.objects.add_child(unit, {"code": "v", "name": "Thôn Một", "kind": "village"})
    start = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
    with subtree_tallies.rebuilt_after(), transaction.atomic():
        docs = Document.objects.bulk_create(
            Document(unit=province, doc_type="Công văn", symbol=f"{k}/UBND-VX", number=str(k),
                     issuer="Ủy ban nhân dân tỉnh", title=f"Về việc thử số {k}",
                     status="registered", date=dt.date(2026, 1, 1))
            for k in range(1, lines + 1)
        )  # fmt: skip
        received = Dispatch.objects.bulk_create(
            Dispatch(document=d, sender=province, recipient=unit, incoming_year=2026,
                     incoming_number=k, sent_at=start + dt.timedelta(hours=k),
                     deadline=start + dt.timedelta(hours=k, days=7),
                     status="returned" if k % 10 == 0 else "done",
                     done_at=start + dt.timedelta(hours=k, days=5), result_note="Đã xong.")
            for k, d in enumerate(docs, 1)
        )  # fmt: skip
        Dispatch.objects.bulk_create(
            Dispatch(document=d, sender=unit, recipient=village, incoming_year=2026,
                     incoming_number=k, sent_at=start + dt.timedelta(hours=k, minutes=30),
                     acknowledged_at=start + dt.timedelta(hours=k + 1))
            for k, d in enumerate(docs, 1)
        )  # fmt: skip
        DispatchEvent.objects.bulk_create(
            DispatchEvent(dispatch=d, kind="returned", reason="Gửi nhầm.", at=d.sent_at)
            for d in received
            if d.status == "returned"
        )
        through = Dispatch.response_documents.through
        through.objects.bulk_create(
            through(dispatch_id=d.pk, document_id=d.document_id) for d in received
        )
    return unit


def _best(fn: Callable[[], Any], runs: int = 2) -> float:
    fn()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _client(unit: Any) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tincoso.units.models import Membership, Role

    setup_test_environment()
    officer = get_user_model().objects.create_user("vanthu-bench")
    Membership.objects.create(user=officer, unit=unit, role=Role.OFFICER)
    client = Client()
    client.force_login(officer)
    return client


def _get(client: Any, url: str, **params: str) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response


def worker(given: str) -> None:
    from django.core.management import call_command
    from django.urls import reverse

    import tincoso
    from tincoso.documents.registers import views
    from tincoso.documents.registers.books import book, book_xlsx
    from tincoso.documents.registers.report import handling_report

    lines = int(given)
    call_command("migrate", verbosity=0)
    unit = _generate(lines)
    den = _best(lambda: book(unit, 2026, "den"))
    follow = _best(lambda: book(unit, 2026, "theo-doi"))
    xlsx = _best(lambda: book_xlsx(book(unit, 2026, "den")))
    report = _best(lambda: handling_report(unit, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    print(f"{lines:>6,} lines: sổ đăng ký {den * 1000:7.0f} ms"
          f" · sổ theo dõi {follow * 1000:7.0f} ms · .xlsx {xlsx * 1000:7.0f} ms"
          f" · report {report * 1000:7.0f} ms   [{tincoso.__file__}]", flush=True)  # fmt: skip
    client = _client(unit)
    urls = {k: reverse("register-book", args=[unit.code, 2026, k]) for k in ("den", "theo-doi")}
    shown = _get(client, urls["den"]).content.decode().count("</tr>") - 1
    page = _best(lambda: _get(client, urls["den"]))
    follow_page = _best(lambda: _get(client, urls["theo-doi"]))
    printed = reverse("register-print", args=[unit.code, 2026, "den"])
    html = _best(lambda: _get(client, printed))
    print(f"{'':13s} page sổ đăng ký {page * 1000:7.0f} ms ({shown:,} lines shown)"
          f" · page sổ theo dõi {follow_page * 1000:7.0f} ms"
          f" · printed page, whole year {html * 1000:7.0f} ms", flush=True)  # fmt: skip
    if lines > 1000:
        return
    views.MAX_PDF_LINES = lines  # the limit lifted to measure
    from weasyprint import HTML

    HTML(string="<p>.</p>").write_pdf()  # its libraries loaded before timing
    started = time.perf_counter()
    pdf = _get(client, printed, pdf="1").content
    took = time.perf_counter() - started
    print(f"{'':13s} printed register as PDF {took:5.1f} s ({len(pdf) / 2**20:.1f} MiB)",
          flush=True)  # fmt: skip


def _on_ref(ref: str, folder: str, lines: str) -> None:
    """The worker on ``ref``'s tree, exported to ``folder`` (once), on a fresh SQLite."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    tree = Path(folder)
    if not (tree / "tincoso").exists():
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        shutil.copy(Path(__file__), tree / "bench" / "registers.py")
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "TINCOSO_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "bench.registers", "--worker", lines], cwd=tree,
                       env=env, check=False)  # fmt: skip


def run() -> None:
    import os
    import tempfile

    before = os.environ.get("REGISTERS_BEFORE", "")
    with tempfile.TemporaryDirectory() as folder:
        for lines in ("1000", "5000"):
            if before:
                print(f"--- before ({before}):", flush=True)
                _on_ref(before, folder, lines)
                print("--- after (this tree):", flush=True)
            on_sqlite("bench.registers", lines)


if __name__ == "__main__":
    main(run, worker)
