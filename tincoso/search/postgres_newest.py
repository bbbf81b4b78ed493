"""PostgreSQL: a dated search's months read newest first, stopping once older months
cannot hold any of the newest ``window`` matches.

The window is the newest ``window`` matches by id, and ids need not follow the dates (an
entry indexed again keeps its id, an old document published late gets a new one). So a
month's reads stop only when the window is full and its oldest id is above every id an
older month holds: the largest id of each month is one descent of a B-tree on (month,
id). Where ids follow the dates, a word in a fifth of a province's notices fills the
window from its newest one or two months: a thousand rows read, not the six months'
five thousand (bench/search.py).
"""

from __future__ import annotations

import math
from typing import Any

from django.db import connection

from tincoso.search import postgres

MONTH_SQL = "tincoso_month(published_at)"
CREATE = [
    # The month of postgres_months's index words (UTC): IMMUTABLE for real.
    "CREATE OR REPLACE FUNCTION tincoso_month(timestamptz) RETURNS int LANGUAGE sql"
    " IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT (extract(year FROM $1 AT TIME ZONE 'UTC')"
    " * 12 + extract(month FROM $1 AT TIME ZONE 'UTC') - 1)::int $$",
    "CREATE INDEX IF NOT EXISTS search_entry_month_ids ON publishing_searchentry"
    f" ({MONTH_SQL}, id)",
]
DROP = [
    "DROP INDEX IF EXISTS search_entry_month_ids",
    "DROP FUNCTION IF EXISTS tincoso_month(timestamptz)",
]


def largest_ids(months: list[int]) -> list[int]:
    """The largest id of each month's entries (0 for none), one index descent each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(top, 0) FROM unnest(%s::int[]) WITH ORDINALITY AS m(month, n),"  # noqa: S608
            f" LATERAL (SELECT max(id) AS top FROM publishing_searchentry"
            f" WHERE {MONTH_SQL} = m.month) s ORDER BY n",
            [months],
        )
        return [row[0] for row in cursor.fetchall()]


def _batch(kept: int, read: int, left: int, window: int, expected: float | None) -> int:
    """How many months to read next: as many as the matches a month (those read so far,
    else the statistics' ``expected`` over the months, else one month's worth of the
    window) need to fill the window, all the rest when none matched; one more month
    when the window is full yet an older month holds a higher id."""
    if kept >= window:
        return 1
    guessed = window if expected is None else expected / left
    per_month = kept / read if read else guessed
    return left if per_month <= 0 else max(1, min(left, math.ceil((window - kept) / per_month)))


def newest_ranked(
    words: list[str],
    months: list[int],
    asked: list[str],
    filters: tuple[str, tuple[Any, ...]],
    window: int,
    vector_sql: str,
    expected: float | None = None,
) -> list[int]:
    """What ``postgres._newest_ranked`` returns for entries matching ``asked[i]`` (a
    tsquery of month ``months[i]`` in the index on ``vector_sql``) and ``filters``,
    the months read newest first until older ones cannot enter the window. Exact: the
    window is full and its oldest id above every id of the months left, so no match of
    theirs is among the newest ``window``."""
    sql, params = filters
    kept: list[tuple[int, float]] = []  # the newest matches read so far and their ranks
    older: list[int] | None = None  # the largest id of the months before each
    left = len(months)  # months[:left] are not read yet
    with connection.cursor() as cursor:
        while left:
            batch = _batch(len(kept), len(months) - left, left, window, expected)
            read = range(left - batch, left)
            left -= batch
            months_sql = " OR ".join(f"{vector_sql} @@ %s::tsquery" for _ in read)
            # Ranked once the batch's newest are kept, in the same statement (no second
            # read of the rows): ts_rank's real is exact as a float, ties broken by id.
            cursor.execute(
                f"SELECT id, ts_rank(v, q) FROM (SELECT id, {postgres.VECTOR} AS v"  # noqa: S608
                f" FROM publishing_searchentry WHERE ({months_sql}) AND ({sql})"
                f" ORDER BY id DESC LIMIT %s) m, {postgres._tsquery(words)} q",
                [*(asked[i] for i in read), *params, window, *words],
            )
            kept = sorted([*kept, *cursor.fetchall()], reverse=True)[:window]
            if left == 0 or len(kept) < window:
                continue
            if older is None:
                tops = largest_ids(months[:left])
                older = [max(tops[:n], default=0) for n in range(left + 1)]
            if kept[-1][0] > older[left]:
                break
    return [id for id, _ in sorted(kept, key=lambda row: (-row[1], -row[0]))]
