"""PostgreSQL: a dated search read through the month-prefixed index returns exactly the ids
of the GIN path (common, rare, prefix and absent words; a type or any; months cut at
both ends, local days across the UTC month's edge), and its plan reads that index.
The query's text and the months asked are checked on any database."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tincoso.search import postgres, postgres_months, postgres_newest
from tincoso.search.candidates import candidates, dated
from tincoso.search.models import SearchEntry
from tincoso.search.postgres_months import Dated, month, month_query, months
from tincoso.search.tests import sample
from tincoso.units.models import Unit

WINDOW = 20
QUERIES = [["thong", "tin"], ["thong", "t"], ["lu"], ["bao", "lu"], ["hie"], ["khong", "co"]]
# A word the parser splits into a phrase (tin <-> tuc): left to the other paths.
QUERIES += [["tin_tuc"], ["ban", "tin_t"]]


def test_the_query_asks_every_word_in_the_month_with_the_type_and_units() -> None:
    asked = month_query("'quy' & 'che' & 'nay':*", 24264, "notice")
    assert asked == "('24264/quy' & '24264/che' & '24264/nay':*) & '24264/#notice'"
    assert month_query("'it''s'", 1, "") == "('1/it''s')"
    assert month_query("'a'", 2, "", (5, 6)) == "('2/a') & ('2/@5' | '2/@6')"
    assert month_query("'a'", 1, "o'k\\") == "('1/a') & '1/#o''k\\\\'"
    assert month_query("", 1, "") is None  # no word left: the other paths
    assert month_query(f"'{'x' * 500}':*", 1, "") is None  # as long as the index keeps


def test_the_months_are_utc_months_touched_at_most_a_year() -> None:
    utc = dt.UTC
    assert month(dt.datetime(2022, 1, 1, tzinfo=utc)) == 2022 * 12
    local = dt.timezone(dt.timedelta(hours=7))
    # Local 1 January 2022 00:00 is 31 December 2021 17:00 UTC: December is touched.
    half = Dated(dt.datetime(2022, 1, 1, tzinfo=local), dt.datetime(2022, 7, 1, tzinfo=local), "")
    assert months(half) == list(range(2021 * 12 + 11, 2022 * 12 + 6))
    year = Dated(dt.datetime(2022, 1, 1, tzinfo=utc), dt.datetime(2023, 2, 1, tzinfo=utc), "")
    assert months(year) == list(range(2022 * 12, 2023 * 12 + 1))  # 13 months
    longer = Dated(year.start, dt.datetime(2023, 2, 2, tzinfo=utc), "")
    assert months(longer) is None  # 14 months: the other paths
    assert months(Dated(year.end, year.start, "")) is None


@pytest.fixture
def entries(tree: dict[str, Unit]) -> list[SearchEntry]:
    if connection.vendor != "postgresql":
        pytest.skip("the month-prefixed index is PostgreSQL's")
    # Every 22 hours: some entries fall on a local day of the next UTC month.
    return sample.entries(tree, 60_000, dt.timedelta(hours=22), seed=7)


def _filters(tree: dict[str, Unit]) -> list[dict[str, Any]]:
    return [
        {"since": dt.date(2024, 2, 1), "until": dt.date(2024, 6, 30)},
        {"unit": tree["commune"], "type": "notice", "since": dt.date(2024, 3, 1)},
        {"unit": tree["committee"], "until": dt.date(2024, 2, 29)},
        {"type": "article", "since": dt.date(2024, 4, 30), "until": dt.date(2024, 5, 1)},
        {"unit": tree["village"], "since": dt.date(2024, 7, 1), "until": dt.date(2024, 7, 1)},
    ]


def test_the_month_index_returns_the_gin_paths_ids(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    found = 0
    for filters in _filters(tree):
        sql, params, narrowed = candidates(None, **filters)
        since, until = filters.get("since"), filters.get("until")
        asked = dated(since, until, filters.get("type", ""), filters.get("unit"))
        assert narrowed and asked is not None
        assert ("unit" in filters) == bool(asked.units)
        for words in QUERIES:
            expected = postgres.by_index(words, (sql, params), WINDOW)
            by_months = postgres_months.by_months(words, (sql, params), WINDOW, asked)
            assert by_months == (None if "_" in "".join(words) else expected), (words, filters)
            ranked = postgres.ranked_ids(words, (sql, params), WINDOW, True, asked)
            assert ranked == expected, (words, filters)
            found += len(expected)
    assert found > 100  # the cases find things, not only nothing


def test_a_dated_search_reads_the_month_index(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN a dated search WHEN PostgreSQL plans the month query (sequential reads off:
    the table is small) THEN it reads the month-prefixed index."""
    asked = dated(dt.date(2024, 3, 1), None, "notice", tree["commune"])
    words = ["bao", "lu"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"SELECT {postgres._tsquery(words)}::text", words)
        spanned = months(asked)
        assert spanned is not None
        query = month_query(cursor.fetchone()[0], spanned[0], "notice", asked.units)
        cursor.execute(
            "EXPLAIN SELECT id FROM publishing_searchentry"  # noqa: S608
            f" WHERE {postgres_months.VECTOR_SQL} @@ %s::tsquery",
            [query],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_dated_tsv" in plan


def test_few_candidates_still_read_the_month_index(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN a commune's few candidates WHEN the month query is planned THEN the index is
    read, not the month-prefixed vector computed for each candidate (the function's cost
    tells the planner so: 250 ms instead of 8 for a commune at 1,000,000 entries)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publishing_searchentry")
    filters: dict[str, Any] = {"unit": tree["village"], "type": "notice"}
    sql, params, _ = candidates(None, since=dt.date(2024, 3, 1), **filters)
    asked = dated(dt.date(2024, 3, 1), None, "notice", tree["village"])
    with CaptureQueriesContext(connection) as queries:
        postgres_months.by_months(["bao", "lu"], (sql, params), WINDOW, asked)
    with connection.cursor() as cursor:
        read = [q["sql"] for q in queries.captured_queries if "ORDER BY id DESC LIMIT" in q["sql"]]
        cursor.execute("EXPLAIN " + read[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_dated_tsv" in plan, plan


def test_few_candidates_or_common_words_are_walked(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN the statistics WHEN a dated search's walk is expected to end soon (every
    candidate read, or the window filled) THEN it walks; else it reads the month index."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publishing_searchentry")
    sql, params, _ = candidates(None, unit=tree["village"], since=dt.date(2024, 3, 1))
    rare = postgres.dated_guess(["hiem"], (sql, params))
    assert postgres.dated_walk(rare, WINDOW, longest=150)  # ~50 of them
    assert not postgres.dated_walk(rare, WINDOW, longest=10)
    common = postgres.dated_guess(["thong", "tin"], (sql, params))
    assert postgres.dated_walk(common, WINDOW, longest=60)
    # Common words walk only when they fill the window within ``common`` candidates.
    assert not postgres.dated_walk(common, WINDOW, 10, common=30)
    assert postgres.dated_walk(common, WINDOW, 10, common=60)


def _month_reads(queries: CaptureQueriesContext) -> int:
    return sum("ORDER BY id DESC LIMIT" in q["sql"] for q in queries.captured_queries)


def test_the_newest_months_stop_once_older_ones_cannot_enter(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN ids in date order WHEN the newest month fills the window THEN older months
    are not read; GIVEN the highest id moved to the oldest month asked THEN every month
    is read and that entry is in the window, as on the GIN path."""
    filters: dict[str, Any] = {"since": dt.date(2024, 2, 1), "until": dt.date(2024, 6, 30)}
    sql, params, _ = candidates(None, **filters)
    asked = dated(filters["since"], filters["until"])
    words = ["thong", "tin"]  # every other entry: ~16 a month
    with CaptureQueriesContext(connection) as queries:
        ordered = postgres_months.by_months(words, (sql, params), 10, asked)
    assert ordered == postgres.by_index(words, (sql, params), 10)
    assert _month_reads(queries) == 1
    newest = next(e for e in entries if e.pk == max(ordered))
    assert newest.published_at is not None and newest.published_at.month == 6
    newest.published_at = dt.datetime(2024, 2, 3, tzinfo=dt.UTC)
    newest.save(update_fields=["published_at"])
    with CaptureQueriesContext(connection) as queries:
        moved = postgres_months.by_months(words, (sql, params), 10, asked)
    assert moved == postgres.by_index(words, (sql, params), 10)
    assert newest.pk in moved  # still the highest id, now read from February
    assert _month_reads(queries) > 1


def test_ids_out_of_date_order_give_the_gin_paths_ids(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN dates shuffled among the entries (ids in no date order) WHEN searched with
    dates THEN the month index's ids are the GIN path's, whatever the window."""
    dates = [e.published_at for e in entries]
    random.Random(3).shuffle(dates)
    for entry, date in zip(entries, dates, strict=True):
        entry.published_at = date
    SearchEntry.objects.bulk_update(entries, ["published_at"])
    for filters in _filters(tree):
        sql, params, _ = candidates(None, **filters)
        since, until = filters.get("since"), filters.get("until")
        asked = dated(since, until, filters.get("type", ""), filters.get("unit"))
        for words in QUERIES[:6]:
            for window in (3, WINDOW):
                expected = postgres.by_index(words, (sql, params), window)
                found = postgres_months.by_months(words, (sql, params), window, asked)
                assert found == expected, (words, filters, window)


def test_the_largest_id_of_each_month(tree: dict[str, Unit], entries: list[SearchEntry]) -> None:
    by_month: dict[int, int] = {}
    for e in entries:
        assert e.published_at is not None
        by_month[month(e.published_at)] = max(by_month.get(month(e.published_at), 0), e.pk)
    first = min(by_month)
    asked = [first - 1, *sorted(by_month)]
    assert postgres_newest.largest_ids(asked) == [0, *(by_month[m] for m in sorted(by_month))]


def test_words_expected_rare_read_every_month_at_once(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN the statistics expect fewer matches than the window WHEN searched THEN the
    months are read in one query, not the newest first and then the rest."""
    sql, params, _ = candidates(None, since=dt.date(2024, 2, 1), until=dt.date(2024, 6, 30))
    asked = dated(dt.date(2024, 2, 1), dt.date(2024, 6, 30))
    expected = postgres.by_index(["hiem"], (sql, params), 10)
    for guess, reads in ((None, 2), (3.0, 1)):
        with CaptureQueriesContext(connection) as queries:
            found = postgres_months.by_months(["hiem"], (sql, params), 10, asked, guess)
        assert found == expected and _month_reads(queries) == reads, guess
