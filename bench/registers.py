"""The incoming registers of a busy unit, on SQLite: building the sổ đăng ký (10
columns) and the sổ theo dõi (7) for a year, their .xlsx, the handling report, and
the printed register as PDF (WeasyPrint, for 1,000 lines only: a 5,000-line table takes
WeasyPrint minutes and most of a GiB), for 1,000 and 5,000 lines a year. Each
line has a forward, a reply, and every tenth a return. Best of three after a warm-up.

    .venv/bin/python -m bench registers
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from bench._worker import main, on_sqlite


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


def _best(fn: Callable[[], Any], runs: int = 3) -> float:
    fn()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def worker(given: str) -> None:
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from weasyprint import HTML

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
          f" · report {report * 1000:7.0f} ms", flush=True)  # fmt: skip
    if lines > 1000:
        return
    register = book(unit, 2026, "den")
    html = render_to_string("documents/registers/print.html",
                            {"book": register, "system": "state", "parent": None})  # fmt: skip
    started = time.perf_counter()
    pdf = HTML(string=html).write_pdf() or b""
    printed = time.perf_counter() - started
    print(f"{'':13s} printed register as PDF {printed:5.1f} s ({len(pdf) / 2**20:.1f} MiB)",
          flush=True)  # fmt: skip


def run() -> None:
    for lines in ("1000", "5000"):
        on_sqlite("bench.registers", lines)


if __name__ == "__main__":
    main(run, worker)
