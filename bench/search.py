"""Search latency with and without filters: 100,000 items on SQLite, 1,000,000 on PostgreSQL.

Entries of Vietnamese text drawn from real official documents (the founding
guidance and, when present, ../shared/corpus) over five years, under a province
of 10 districts × 10 communes. 300 diacritic-free queries of 1–3 words, 20 hits
with snippets each: unfiltered, then with the filters of the search page (a
commune and a type, with and without half a year; a district, a type and half a
year; the whole province, a type and half a year; a district and half a year).
Median and p95, p95 as a fraction of the target (50 ms on SQLite at 100,000, 100 ms
on PostgreSQL at 1,000,000).

    .venv/bin/python -m bench search                        # both databases
    .venv/bin/python -m bench.search sqlite 100000          # one database, one size
    TINCOSO_VAR_DIR=/tmp/s .venv/bin/python -m bench.search --worker 100000 [QUERIES [before]]
                       # keeps the generated database in /tmp/s and reuses it next time;
                       # 'before': on PostgreSQL, each case also as it was before the
                       # month-prefixed index of dated searches, side by side on the
                       # same queries; 'one-read': as it was before the months were
                       # read newest first (every month in one query)

PostgreSQL at 1,000,000 entries (2026-11-30, 2 cores shared with other engineers' tests;
default shared_buffers of scripts/with-postgres.sh). One database generated once on a
kept cluster, then each run:

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/tincoso TINCOSO_VAR_DIR=/tmp/s \
      .venv/bin/python -m bench.search --worker 1000000 60 before

(60 queries, each case before and after back to back in one run; 'before' is the walk,
then the GIN bitmaps, whatever the dates), median / p95 in ms, three runs (load average
during the run):

    case                                  run 7 (1.7)      run 8 (1.9)      run 9 (2.0)
                                          before  after    before  after    before  after
    no filter (ranked after the window)   53/280  52/252   39/208  37/190   45/290  39/222
    a commune and a type (no dates)       38/ 50  38/ 49   39/ 76  39/ 46   32/ 43  34/ 59
    a commune, a type, half a year        14/ 16  10/ 11   10/ 17  10/ 12   10/ 14  10/ 14
    a district, a type, half a year       24/ 29  24/ 27   31/ 40  29/ 45   25/ 40  36/ 51
    the province, a type, half a year     66/171  48/ 71   90/234  58/110   78/236  38/ 96
    a district, all types, half a year    75/223  37/ 53   88/222  44/ 67   60/185  35/ 57

Before, words of middling frequency in the province's 23,000 candidates were too rare
for the walk to stop early (8-20 µs a candidate) and common enough that the GIN bitmap
of a prefix over the whole table cost 100-300 ms. With dates, such words are now read
from an index of words prefixed with the entry's month (search/postgres_months.py): the
postings of the months asked only; a walk is kept where the statistics expect it to end
within 5,000 candidates. Left: the province's p95 is 71-110 ms with the machine's load
(its slowest queries, 50-65 ms of search alone, are words in 5-30% of the entries: a
walk of up to 5,000 candidates or a few thousand rows of the months read); the
unfiltered search's p95 (common words over the whole table) is outside this change.

Then the months read newest first (search/postgres_newest.py): a read stops once the
window is full and its oldest id is above every id of the months left (each month's
largest id from a B-tree of month and id), each read ranks its kept rows itself, and
common words walk only when they fill the window within 2,000 candidates. Same cluster,
`... --worker 1000000 60 one-read` ('before': every month in one query, the walk for
common words within 5,000), load average ~3.0 throughout (heavier than above):

    case                                  run 10           run 11           run 12
                                          before  after    before  after    before  after
    no filter (path unchanged)            44/251  60/286   48/282  38/226   36/200  41/243
    a commune and a type (unchanged)      37/ 58  38/ 71   36/ 64  36/ 54   41/ 58  39/ 47
    a commune, a type, half a year        15/ 26  13/ 37   10/ 13  12/ 27   16/ 18  16/ 18
    a district, a type, half a year       40/ 67  39/ 44   37/ 61  36/ 60   39/ 48  38/ 46
    the province, a type, half a year     54/ 75  49/ 61   52/ 88  52/ 85   56/ 88  50/ 74
    a district, all types, half a year    29/ 52  29/ 63   42/ 82  42/ 74   35/ 65  28/ 46

The months' read alone, per query on the same 60 queries and run (the province): median
35-46 ms before, 22-33 after; words in 20-35% of the entries 32-49 ms walked, 16-27 read
from their newest month or two. The unchanged cases' spread shows the load's noise: the
whole search's p95 moves by as much between runs as the change does.

SQLite at 100,000 entries (2026-11-30, load average ~2 of other engineers' jobs; one kept
database, `TINCOSO_VAR_DIR=/tmp/s100k`, `--worker 100000 300`, the tree before and after run
alternately, twice), median / p95 in ms, CPU equal to wall within 0.3 ms: the narrowed
search lists its candidates once (a MATERIALIZED CTE for both FTS5's id bounds and the
check) instead of a min/max pass and then the check:

    case                                  before                after
    no filter (path unchanged)            15.6 / 28.6  15.8 / 24.8   12.6 / 23.5  13.9 / 28.9
    a commune and a type                  14.5 / 33.0  18.5 / 36.4   14.0 / 29.7  18.9 / 36.8
    a district, a type, half a year       10.6 / 22.8  13.4 / 26.4    9.7 / 18.6  11.4 / 22.7
    the province, a type, half a year     22.9 / 40.7  31.7 / 52.9   18.5 / 29.7  25.0 / 44.8
    a district, all types, half a year    15.7 / 30.6  14.0 / 28.4   12.0 / 23.9  16.7 / 31.1
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

from bench._worker import ROOT, main, on_postgres, on_sqlite

TARGET_MS = {"sqlite": 50, "postgresql": 100}


def sentences() -> list[str]:
    texts = [(ROOT / "tincoso" / "documents" / "demo_data" / "30-HD-BTG.txt").read_text("utf-8")]
    corpus = ROOT.parent / "shared" / "corpus" / "docs"
    if corpus.exists():
        texts += [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))]
    out = []
    for text in texts:
        for line in text.replace("*", "").splitlines():
            line = line.strip(" -+|#")
            if 40 <= len(line) <= 400:
                out.append(line)
    return out


def _rows(n: int, communes: list[int], rng: random.Random) -> Any:
    """``n`` entries as tuples of the columns named in ``_COLUMNS``."""
    from tincoso.core.text import fold

    lines = sentences()
    folded = [fold(line) for line in lines]  # fold is one character for one: joins commute
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(minutes=25 * 100_000 / n)  # five years, whatever the size
    types = ("bulletin", "article", "notice", "answer")
    for i in range(n):
        t = rng.randrange(len(lines))
        picks = [rng.randrange(len(lines)) for _ in range(rng.randrange(3, 9))]
        title, title_folded = lines[t][:200], folded[t][:200]
        text = " ".join(lines[p] for p in picks)
        text_folded = " ".join(folded[p] for p in picks)
        yield (
            "item", i + 1, rng.choice(communes),
            "members" if i % 10 == 0 else "public",  # anonymous searches must skip these
            rng.choice(types), "", "", start + step * i, title, text,
            f"{title_folded}\n{text_folded}",
        )  # fmt: skip


_COLUMNS = (
    "kind, object_id, unit_id, audience, type, topics, language, published_at, title, text, folded"
)


def _load(n: int, communes: list[int]) -> None:
    from django.db import connection, transaction

    from tincoso import search
    from tincoso.search import postgres_months, postgres_newest
    from tincoso.search.models import SearchEntry

    rng = random.Random(11)
    rows = _rows(n, communes, rng)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The GIN indexes: built once after the load.
            for sql in [
                *search.engine().DROP[:1],
                *postgres_months.DROP[:1],
                *postgres_newest.DROP[:1],
            ]:
                cursor.execute(sql)
            with cursor.cursor.copy(f"COPY publishing_searchentry ({_COLUMNS}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks at CREATE INDEX
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for sql in [*search.engine().CREATE, *postgres_months.CREATE, *postgres_newest.CREATE]:
                cursor.execute(sql)
            cursor.execute("ANALYZE")
        else:
            names = [c.strip() for c in _COLUMNS.split(",")]
            batch = []
            for row in rows:
                batch.append(SearchEntry(**dict(zip(names, row, strict=True))))
                if len(batch) == 5000:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            for sql in search.engine().REBUILD:  # what 'manage.py reindex' does after a load
                cursor.execute(sql)
            cursor.execute("ANALYZE")


def _tree() -> tuple[Any, list[Any], list[Any]]:
    from tincoso.units.models import Unit

    root = Unit.objects.filter(depth=1, code="p").first()
    if root is None:
        root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
        for d in range(10):
            district = Unit.objects.add_child(
                root, {"code": f"h{d}", "name": f"Huyện {d}", "kind": "district"}
            )
            for c in range(10):
                Unit.objects.add_child(
                    district, {"code": f"h{d}x{c}", "name": f"Xã {d}-{c}", "kind": "commune"}
                )
    districts = list(Unit.objects.filter(depth=2).order_by("path"))
    communes = list(Unit.objects.filter(depth=3).order_by("path"))
    return root, districts, communes


def _measure(label: str, queries: list[str], call: Callable[[str], Any], target: int) -> None:
    times, cpu = [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        call(q)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    cpu.sort()
    p95 = times[int(len(times) * 0.95)]
    # CPU time of this process: SQLite's work whatever the machine's load (not PostgreSQL's).
    print(
        f"  {label:36s} median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms, "
        f"max {times[-1]:6.1f} ms; p95/target {p95 / target:.2f}; cpu median "
        f"{statistics.median(cpu):5.1f} ms, p95 {cpu[int(len(cpu) * 0.95)]:5.1f} ms",
        flush=True,
    )


@contextlib.contextmanager
def _before() -> Iterator[None]:
    """PostgreSQL's search as it was before the month-prefixed index of dated searches
    (search/postgres_months.py): the walk, then the GIN bitmaps, whatever the dates,
    every match ranked before the window was kept."""
    from django.db import connection

    from tincoso.search import postgres

    walk, newest = postgres.ranked_ids, postgres._newest_ranked

    def undated(
        words: list[str],
        candidates: tuple[str, tuple[Any, ...]],
        window: int,
        narrowed: bool = False,
        dated: Any = None,
    ) -> list[int]:
        return walk(words, candidates, window, narrowed)

    def ranked_first(
        words: list[str], condition: str, params: Any, window: int, matched: bool = False
    ) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM (SELECT id, ts_rank(search_tsv, q) AS score"  # noqa: S608
                f" FROM publishing_searchentry, {postgres._tsquery(words)} q"
                f" WHERE search_tsv @@ q AND {condition} ORDER BY id DESC LIMIT %s) m"
                " ORDER BY score DESC, id DESC",
                [*words, *params, window],
            )
            return [row[0] for row in cursor.fetchall()]

    postgres.ranked_ids, postgres._newest_ranked = undated, ranked_first
    try:
        yield
    finally:
        postgres.ranked_ids, postgres._newest_ranked = walk, newest


@contextlib.contextmanager
def _one_read() -> Iterator[None]:
    """PostgreSQL's dated search reading every month asked in one query (a bitmap OR),
    as before the months were read newest first (search/postgres_newest.py), and
    walking for common words within as many candidates as for few ones."""
    from tincoso.search import postgres, postgres_newest

    newest, common = postgres_newest.newest_ranked, postgres.DATED_COMMON

    def every_month(
        words: list[str], _months: Any, asked: list[str], *rest: Any, **_named: Any
    ) -> list[int]:
        (sql, params), window, vector_sql = rest[:3]
        months_sql = " OR ".join(f"{vector_sql} @@ %s::tsquery" for _ in asked)
        condition = f"({months_sql}) AND ({sql})"
        return postgres._newest_ranked(words, condition, [*asked, *params], window, True)

    postgres_newest.newest_ranked = cast(Any, every_month)
    postgres.DATED_COMMON = postgres.DATED_WALK
    try:
        yield
    finally:
        postgres_newest.newest_ranked, postgres.DATED_COMMON = newest, common


def worker(given: str = "100000", how_many: str = "300", before: str = "") -> None:
    from django.core.management import call_command
    from django.db import connection

    from tincoso import search
    from tincoso.core.text import fold
    from tincoso.search.models import SearchEntry

    n = int(given)
    call_command("migrate", verbosity=0)
    root, districts, communes = _tree()
    started = time.perf_counter()
    if not SearchEntry.objects.exists():  # a kept database (TINCOSO_VAR_DIR) is reused
        _load(n, [c.pk for c in communes])
    print(
        f"{connection.vendor}: {SearchEntry.objects.count():,} entries "
        f"(ready in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    rng = random.Random(5)
    words = [w for w in fold(" ".join(sentences())).split() if len(w) > 2 and w.isalpha()]
    queries = []
    for _ in range(int(how_many)):
        start = rng.randrange(len(words) - 3)
        queries.append(" ".join(words[start : start + rng.randrange(1, 4)]))
    for q in queries[:20]:
        search.search(q, None)  # warm the caches
    target = TARGET_MS.get(connection.vendor, 100)
    since, until = dt.date(2022, 1, 1), dt.date(2022, 6, 30)  # half a year

    def dated(unit: Any, type: str = "") -> Callable[[str], Any]:
        return lambda q: search.search(q, None, unit=unit, type=type, since=since, until=until)

    cases: list[tuple[str, Callable[[str], Any]]] = [
        ("no filter", lambda q: search.search(q, None)),
        ("a commune and a type", lambda q: search.search(q, None, unit=communes[3], type="notice")),
        ("a commune, a type, half a year", dated(communes[3], "notice")),
        ("a district, a type, half a year", dated(districts[2], "notice")),
        ("the province, a type, half a year", dated(root, "notice")),
        ("a district, all types, half a year", dated(districts[5])),
    ]  # fmt: skip
    for label, call in cases:
        if before and connection.vendor == "postgresql":  # side by side, same queries
            with _one_read() if before == "one-read" else _before():
                _measure(f"{label} (before)", queries, call, target)
        _measure(label, queries, call, target)


def run() -> None:
    args = sys.argv[1:] if __name__ == "__main__" else []
    if args[:1] == ["sqlite"]:
        on_sqlite("bench.search", *args[1:2])
    elif args[:1] == ["postgres"]:
        on_postgres("bench.search", *(args[1:2] or ["1000000"]), port="54341")
    else:
        on_sqlite("bench.search", "100000")
        on_postgres("bench.search", "1000000", port="54341")


if __name__ == "__main__":
    main(run, worker)
