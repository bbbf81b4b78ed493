"""Bulk import of a 10,000-row activities spreadsheet, on SQLite and on PostgreSQL.

The file is what a province's office would upload after a month: 10,000 rows
over 50 units, each naming one or two reporters and, one row in three, the
directive carried out. Figures: the size of the file, the time to check every
row without saving (dry run), the time of the real import (check + save in one
transaction), each the best of three, and the peak memory of an import: Python
allocations (tracemalloc) and the process's resident set.

    .venv/bin/python -m bench outreach               # both databases
    .venv/bin/python -m bench.outreach --worker      # one run on the configured database
"""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
from typing import Any

from bench._worker import main, on_postgres, on_sqlite

ROWS = 10_000
UNITS = 50


def _setup() -> tuple[Any, list[str], list[str]]:
    from django.contrib.auth import get_user_model

    from tincoso.documents.models import Document
    from tincoso.outreach import services
    from tincoso.units.models import Role, Unit, UnitKind
    from tincoso.units.services import grant_role

    root = Unit.objects.add_root(dict(code="p", name="Tỉnh", kind=UnitKind.PROVINCE))
    codes = []
    for i in range(UNITS):
        root.refresh_from_db()
        unit = Unit.objects.add_child(
            root, dict(code=f"x{i}", name=f"Xã {i}", kind=UnitKind.COMMUNE)
        )
        codes.append(unit.code)
    root.refresh_from_db()
    user = get_user_model().objects.create_user("bench", password="x" * 12)
    grant_role(None, user, root, Role.EDITOR)
    names = []
    for i in range(40):
        reporter = services.save_reporter(
            None, root, services.ReporterData(full_name=f"Báo cáo viên Số {i}")
        )
        names.append(reporter.full_name)
    Document.objects.create(
        unit=root, symbol="30-HD/BTG", doc_type="Hướng dẫn", status="registered", title="Bench"
    )
    return user, codes, names


def _workbook(codes: list[str], names: list[str]) -> bytes:
    from openpyxl import Workbook

    from tincoso.outreach.importer import COLUMNS, SHEET

    # A normal workbook, as Excel and LibreOffice write them: shared strings, dimensions.
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([c.label for c in COLUMNS])
    forms = [
        "Nói chuyện, báo cáo chuyên đề",
        "Sinh hoạt chi bộ",
        "Hội nghị",
        "Chương trình truyền thanh",
        "Tuyên truyền đến từng hộ gia đình",
        "Bảng tin",
    ]
    for i in range(ROWS):
        total = 20 + i % 180
        members = total // 4
        speakers = "; ".join(names[(i + k) % len(names)] for k in range(1 + i % 2))
        sheet.append(
            [
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
                f"{7 + i % 12:02d}:{(i * 7) % 60:02d}",
                f"{9 + i % 12:02d}:00",
                codes[i % len(codes)],
                forms[i % len(forms)],
                f"Tuyên truyền Chỉ thị 07-CT/TW, đợt {i}",
                f"Nhà văn hóa thôn {i % 97}",
                speakers,
                "30-HD/BTG" if i % 3 == 0 else "",
                total,
                members,
                total // 5,
                total - members - total // 5,
                total // 3,
                "Đã phổ biến đầy đủ nội dung.",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _best(fn: Any, runs: int = 3, reset: Any = None) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
        if reset is not None:
            reset()
    return best


def _clear() -> None:
    """Empty the activity tables directly (a model delete would audit-log 10,000 rows)."""
    from django.db import connection

    from tincoso.outreach.models import Activity, ActivityImport

    with connection.cursor() as cursor:
        for model in (
            Activity.reporters.through,
            Activity.documents.through,
            Activity,
            ActivityImport,
        ):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - our tables


def worker() -> None:
    from django.core.management import call_command
    from django.db import connection

    from tincoso.outreach import importer
    from tincoso.outreach.models import Activity

    call_command("migrate", verbosity=0)
    user, codes, names = _setup()
    data = _workbook(codes, names)

    def dry() -> None:
        result = importer.import_activities(user, data, "bench.xlsx", dry_run=True)
        assert result.ok and result.rows == ROWS, result.errors[:3]

    def real() -> None:
        result = importer.import_activities(user, data, "bench.xlsx")
        assert result.created == ROWS

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t_dry = _best(dry)
    t_real = _best(real, reset=_clear)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    real()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    links = Activity.reporters.through.objects.count()
    assert Activity.objects.count() == ROWS
    print(
        f"{connection.vendor:10s} {ROWS:,} rows, {len(data) / 2**20:.1f} MiB .xlsx, "
        f"{links:,} reporter links",
        flush=True,
    )
    print(f"{'':10s}   check only (dry run): {t_dry:6.2f} s  ({ROWS / t_dry:,.0f} rows/s)")
    print(f"{'':10s}   import (check+save):  {t_real:6.2f} s  ({ROWS / t_real:,.0f} rows/s)")
    print(
        f"{'':10s}   peak memory: {peak / 2**20:.1f} MiB Python allocations; process "
        f"RSS {rss_after / 1024:.0f} MiB (was {rss_before / 1024:.0f} MiB before importing)",
        flush=True,
    )


def run() -> None:
    on_sqlite("bench.outreach")
    on_postgres("bench.outreach", port="54341")


if __name__ == "__main__":
    main(run, worker)
