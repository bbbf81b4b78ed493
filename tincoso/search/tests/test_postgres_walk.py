"""PostgreSQL: the newest-first walk of a narrowed search returns exactly the ids the
GIN path returns, for common, rare and prefix words, with and without filters, in each
of its three outcomes (a full window found, every candidate read, too few: hand over).
A real PostgreSQL (``make test-postgres``); skipped on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from tincoso.search import postgres
from tincoso.search.candidates import candidates
from tincoso.search.models import SearchEntry
from tincoso.search.tests import sample
from tincoso.units.models import Unit

WINDOW, WALK = 20, 60
QUERIES = [
    ["thong", "tin"],  # common: every other entry
    ["thong", "t"],  # common, the last word a short prefix
    ["lu"],  # one in five
    ["bao", "lu"],  # two words together, rarer
    ["hiem"],  # rare: one in forty
    ["hie"],  # rare, as a prefix
    ["khong", "co"],  # nowhere
]


@pytest.fixture
def entries(tree: dict[str, Unit]) -> list[SearchEntry]:
    if connection.vendor != "postgresql":
        pytest.skip("the walk is PostgreSQL's; SQLite walks FTS5 (search/sqlite.py)")
    return sample.entries(tree, 50_000, dt.timedelta(days=1), seed=3)


def _filters(tree: dict[str, Unit]) -> list[dict[str, Any]]:
    return [
        {},
        {"unit": tree["commune"]},
        {"unit": tree["committee"], "type": "notice"},
        {"type": "article", "since": dt.date(2024, 3, 1), "until": dt.date(2024, 9, 30)},
        {"unit": tree["village"], "since": dt.date(2024, 12, 1)},
    ]


def test_the_walk_returns_the_gin_paths_ids(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    outcomes = set()
    for filters in _filters(tree):
        sql, params, _ = candidates(None, **filters)
        assert sql.startswith(postgres._OWN) and " JOIN " not in sql  # by_bitmaps's own form
        for words in QUERIES:
            expected = postgres.by_index(words, (sql, params), WINDOW)
            walked = postgres.newest_first(words, (sql, params), WINDOW, walk=WALK)
            if walked is None:
                outcomes.add("handed over")
            else:
                assert walked == expected, (words, filters)
                outcomes.add("full window" if len(walked) == WINDOW else "every candidate")
            ranked = postgres.ranked_ids(words, (sql, params), WINDOW, narrowed=True)
            assert ranked == expected, (words, filters)
            assert postgres.by_bitmaps(words, (sql, params), WINDOW) == expected
    assert outcomes == {"full window", "every candidate", "handed over"}


def test_the_walk_keeps_the_newest_matches_best_first(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    sql, params, _ = candidates(None, unit=tree["commune"])
    walked = postgres.newest_first(["thong", "tin"], (sql, params), WINDOW, walk=WALK)
    assert walked is not None and len(walked) == WINDOW
    matching = SearchEntry.objects.filter(
        unit__in=[tree["commune"], tree["village"]], audience="public", text__contains="thông tin"
    ).order_by("-id")
    assert set(walked) == {e.pk for e in matching[:WINDOW]}


def test_words_the_statistics_call_rare_walk_few_candidates(
    tree: dict[str, Unit], entries: list[SearchEntry]
) -> None:
    """GIVEN the table's statistics WHEN a word is too rare for the long walk to fill the
    window THEN only the short walk is tried before the GIN bitmaps, with the same ids."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publishing_searchentry")
    assert postgres.walk_size(["hiem"], WINDOW, long=WALK, short=7) == 7
    assert postgres.walk_size(["thong", "tin"], WINDOW, long=WALK, short=7) == WALK
    sql, params, _ = candidates(None)
    assert postgres.newest_first(["hiem"], (sql, params), WINDOW, walk=7) is None
    assert postgres.ranked_ids(["hiem"], (sql, params), WINDOW, narrowed=True) == (
        postgres.by_index(["hiem"], (sql, params), WINDOW)
    )
