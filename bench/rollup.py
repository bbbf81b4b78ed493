"""Roll-up speed on a generated province, on SQLite and on PostgreSQL.

Full size: 10,000 units, 1,000,000 activities, 200,000 dispatches, 100,000
feedback items over one year; also one tenth of that, to show how the time
grows with the data. Figures: the root over the year, a mid-level unit over a
quarter, and periods that cut months at both ends, each the best of five runs
after one warm-up, with the peak memory of the roll-up (tracemalloc). Each is
timed two ways on the same data, which must give equal roll-ups: *before*, the
cut months counted from the records of their days (``rollup.RECORD_EDGES``), and
*after*, read from the tallies (cut months from their shorter side's dekads and days).

Last, the live "overdue now" counts and the whole cut roll-up at the root, without
and with the indexes made for them (``bench._open_items``: dropped, timed, put back).

    .venv/bin/python -m bench rollup                 # both databases, both sizes
    .venv/bin/python -m bench.rollup --worker 1.0    # one run on the configured database
    # a kept database, generated once (~11 min SQLite, ~15 min PostgreSQL), then reused:
    TINCOSO_VAR_DIR=/tmp/rollup-db .venv/bin/python -m bench.rollup --worker 1.0
    DATABASE_URL=postgres://... .venv/bin/python -m bench.rollup --worker 1.0
    # only the open-items comparison, on a kept database:
    TINCOSO_VAR_DIR=/tmp/rollup-db .venv/bin/python -m bench.rollup --worker 1.0 open-items

Measured 2026-11-30 18:04–18:08 UTC, full size, kept databases, on the shared 2-core
machine at a load average of 2–3 (SQLite's CPU equal to its wall time: it had a core),
best of 5, wall ms. Root over 15 Jan–14 Jun from the tallies: SQLite 151 (cpu 151),
PostgreSQL 215 (cpu 123); a run at load 13 → 3 gave 180 and 189; the last measurement
before the open-items indexes gave 313 and 295. Without → with the indexes, same data,
three rounds in turn: overdue_now alone SQLite 108 → 36, PostgreSQL 53 → 28 (its own
CPU 7 → 6: the time is the server's); the whole roll-up SQLite 226 → 177, PostgreSQL
195 → 185, which move by ±50 from run to run here. By source with them (wall/cpu):
SQLite tallied 134/130, overdue_now 53/53, devices 30/30, opinion 24/23, the rest ≤ 14;
PostgreSQL tallied 156/92, overdue_now 49/10, opinion 20/14, devices 18/13, the rest ≤ 12.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc
from typing import Any
from zoneinfo import ZoneInfo

from bench import _open_items
from bench._bulk import insert
from bench._worker import main, on_postgres, on_sqlite

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FULL = {"units": 10_000, "activities": 1_000_000, "dispatches": 200_000, "feedback": 100_000}


def _generate(scale: float) -> None:
    from tincoso.units import subtree_tallies

    # Millions of rows by one prepared INSERT or COPY (bench._bulk): no counting row
    # by row, one rebuild at the end.
    started = time.perf_counter()
    with subtree_tallies.rebuilt_after():
        _insert(scale)
        inserted = time.perf_counter()
    print(
        f"  (inserted in {inserted - started:.0f} s, tallies rebuilt in "
        f"{time.perf_counter() - inserted:.0f} s)",
        flush=True,
    )


def _insert(scale: float) -> None:
    from django.db import transaction

    from tincoso.documents.models import Dispatch, Document
    from tincoso.feedback.models import Feedback
    from tincoso.outreach.models import Activity
    from tincoso.units.models import Unit

    rng = random.Random(7)
    n_units = int(FULL["units"] * scale)
    # A province of ~20 blocs × ~20 bodies × the rest as cells/villages.
    fan = max(2, round((n_units / 1.05) ** (1 / 3)))
    units: list[Unit] = []
    with transaction.atomic():
        root = Unit(
            code="p",
            name="Tỉnh",
            kind="province",
            depth=1,
            path=Unit._get_path(None, 1, 1),
            numchild=0,
        )
        units.append(root)
        level2, level3 = [], []
        for i in range(1, fan + 1):
            u = Unit(
                code=f"b{i}",
                name=f"Khối {i}",
                kind="bloc_committee",
                depth=2,
                path=Unit._get_path(root.path, 2, i),
                numchild=0,
            )
            level2.append(u)
        for parent in level2:
            for j in range(1, fan + 1):
                level3.append(
                    Unit(
                        code=f"{parent.code}-{j}",
                        name=f"Đảng bộ {parent.code}-{j}",
                        kind="party_committee",
                        depth=3,
                        path=Unit._get_path(parent.path, 3, j),
                        numchild=0,
                    )
                )
        remaining = n_units - 1 - len(level2) - len(level3)
        level4 = []
        for k in range(remaining):
            parent = level3[k % len(level3)]
            index = k // len(level3) + 1
            level4.append(
                Unit(
                    code=f"{parent.code}-{index}",
                    name=f"Chi bộ {parent.code}-{index}",
                    kind="party_cell",
                    depth=4,
                    path=Unit._get_path(parent.path, 4, index),
                    numchild=0,
                )
            )
        units = [root, *level2, *level3, *level4]
        Unit.objects.bulk_create(units, batch_size=2000)
    ids = list(Unit.objects.values_list("id", flat=True))
    doc = Document.objects.create(
        unit_id=ids[0], doc_type="Hướng dẫn", symbol="30-HD/BTG", title="Bench", status="registered"
    )
    start = dt.datetime(2025, 1, 1, tzinfo=VN)
    forms = ["talk", "cell_meeting", "conference", "loudspeaker", "door_to_door", "portal"]

    def moment() -> dt.datetime:
        return start + dt.timedelta(seconds=rng.randrange(365 * 86400))

    batch = 100_000
    for offset in range(0, int(FULL["activities"] * scale), batch):
        rows: list[Any] = []
        for _ in range(min(batch, int(FULL["activities"] * scale) - offset)):
            total = rng.randrange(5, 200)
            members = rng.randrange(0, total // 2 + 1)
            rows.append(
                Activity(
                    unit_id=rng.choice(ids),
                    form=rng.choice(forms),
                    topic="Tuyên truyền Chỉ thị 07",
                    starts_at=moment(),
                    audience_total=total,
                    audience_members=members,
                    audience_citizens=total - members,
                    audience_ethnic_minority=rng.randrange(0, total // 3 + 1),
                )
            )
        insert(Activity, rows)
    n_dispatch = int(FULL["dispatches"] * scale)
    recipients = rng.sample(ids, min(len(ids), n_dispatch)) if n_dispatch <= len(ids) else ids
    docs = [doc]
    while len(docs) * len(recipients) < n_dispatch:
        docs.append(
            Document.objects.create(
                unit_id=ids[0],
                doc_type="Hướng dẫn",
                symbol=f"{len(docs) + 30}-HD/BTG",
                title="Bench",
                status="registered",
            )
        )
    rows = []
    for d in docs:
        for r in recipients:
            if len(rows) >= n_dispatch:
                break
            sent = moment()
            ack = sent + dt.timedelta(hours=rng.randrange(1, 400)) if rng.random() < 0.8 else None
            done = (
                ack + dt.timedelta(days=rng.randrange(1, 30))
                if ack and rng.random() < 0.5
                else None
            )
            rows.append(
                Dispatch(
                    document=d,
                    sender_id=ids[0],
                    recipient_id=r,
                    sent_at=sent,
                    deadline=sent + dt.timedelta(days=7),
                    acknowledged_at=ack,
                    opened_at=ack,
                    done_at=done,
                    status="done" if done else ("acknowledged" if ack else "sent"),
                )
            )
    insert(Dispatch, rows)
    rows = []
    for _ in range(int(FULL["feedback"] * scale)):
        submitted = moment()
        answered = (
            submitted + dt.timedelta(hours=rng.randrange(1, 500)) if rng.random() < 0.7 else None
        )
        unit_id = rng.choice(ids)
        rows.append(
            Feedback(
                unit_id=unit_id,
                place_id=unit_id,
                category=rng.choice(["question", "opinion", "report", "request"]),
                text="Ý kiến",
                submitted_at=submitted,
                deadline=submitted + dt.timedelta(days=10),
                answered_at=answered,
                status="answered" if answered else "new",
            )
        )
    insert(Feedback, rows)


def _time(fn) -> tuple[float, int, float]:  # type: ignore[no-untyped-def]
    """Best wall time of five, peak memory, and best CPU time of this process (what
    SQLite's work costs, whatever the load of a shared machine; PostgreSQL's own work
    is not in it)."""
    fn()  # warm-up
    best = cpu = float("inf")
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak, cpu


def worker(given: str, only: str = "") -> None:
    """Measure at scale ``given``; ``only`` = ``open-items`` times just the open-items
    indexes' comparison (``bench._open_items``)."""
    scale = float(given)
    from django.core.management import call_command
    from django.db import connection

    from tincoso.reports import rollup
    from tincoso.reports.periods import Period, quarter, year
    from tincoso.reports.rollup import rollup_for
    from tincoso.units.models import Unit

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not Unit.objects.exists():  # a kept database (TINCOSO_VAR_DIR given) is reused
        _generate(scale)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    root = Unit.objects.get(depth=1)
    mid = Unit.objects.filter(depth=2).order_by("path").first()
    assert mid is not None
    cut = Period(dt.date(2025, 1, 15), dt.date(2025, 6, 14))  # two cut months
    if only == "open-items":
        _open_items.compare(root, cut, _time, _shown)
        return
    sizes = {k: int(v * scale) for k, v in FULL.items()}
    print(
        f"{connection.vendor:10s} scale {scale:>4}: {sizes['units']:,} units, "
        f"{sizes['activities']:,} activities, {sizes['dispatches']:,} dispatches, "
        f"{sizes['feedback']:,} feedback (generated in {generated:.0f} s)"
    )
    print(f"{'':10s}   {'':24s}{'before (cut days from records)':>36s}   after (tallies)")
    cases = [
        ("root, one year", root, year(2025)),
        ("mid-level, a quarter", mid, quarter(2025, 2)),
        ("root, 15 Jan–14 Jun", root, cut),
        ("mid-level, 15 Jan–14 Jun", mid, cut),
        ("root, 3–20 March", root, Period(dt.date(2025, 3, 3), dt.date(2025, 3, 20))),
    ]
    for label, unit, period in cases:
        before = _time(lambda u=unit, p=period: rollup_for(u, p, rollup.RECORD_EDGES))
        after = _time(lambda u=unit, p=period: rollup_for(u, p))
        assert rollup_for(unit, period, rollup.RECORD_EDGES) == rollup_for(unit, period)
        print(f"{'':10s}   {label + ':':24s}{_shown(before):>36s}   {_shown(after)}", flush=True)
    _by_source(root, cut)
    _open_items.compare(root, cut, _time, _shown)


def _shown(timing: tuple[float, int, float]) -> str:
    wall, peak, cpu = timing
    return f"{wall * 1000:5.0f} ms (cpu {cpu * 1000:4.0f}, peak {peak / 2**20:5.1f} MiB)"


def _by_source(root, period) -> None:  # type: ignore[no-untyped-def]
    """Where the cut roll-up's time goes: each source alone, best of five (wall/cpu)."""
    from tincoso.reports import rollup

    parts = []
    for source in dict.fromkeys([*rollup.SOURCES, *rollup.RECORD_EDGES]):
        best, _, cpu = _time(lambda s=source: rollup.rollup_for(root, period, [s]))
        parts.append(f"{source.__name__.strip('_')} {best * 1000:.0f}/{cpu * 1000:.0f}")
    print(f"{'':10s}     by source (ms, wall/cpu): {', '.join(parts)}", flush=True)


def run() -> None:
    for scale in ("0.1", "1.0"):
        on_sqlite("bench.rollup", scale)
        on_postgres("bench.rollup", scale, port="54339")


if __name__ == "__main__":
    main(run, worker)
