"""PostgreSQL full text: ``unaccent`` (wrapped as IMMUTABLE to be indexable), a stored
tsvector column + GIN.

The 'simple' configuration (no stemming: Vietnamese words are syllables) over
``unaccent(lower(...))``; unaccent's rules map đ/Đ to d/D, and the query words
arrive already folded by ``core.text.fold``.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

# The folded vector is stored (a generated column): computing it from the text for every
# row checked and ranked cost seconds a search at 1,000,000 entries (bench/search.py).
VECTOR_SQL = "to_tsvector('simple', tincoso_unaccent(lower(title || ' ' || text)))"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION tincoso_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE"
    " PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "ALTER TABLE publishing_searchentry ADD COLUMN IF NOT EXISTS search_tsv tsvector"
    f" GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
    "CREATE INDEX IF NOT EXISTS publishing_search_tsv ON publishing_searchentry USING GIN"
    " (search_tsv)",
]
DROP = [
    "DROP INDEX IF EXISTS publishing_search_tsv",
    "ALTER TABLE publishing_searchentry DROP COLUMN IF EXISTS search_tsv",
    "DROP FUNCTION IF EXISTS tincoso_unaccent(text)",
]
# The second is postgres_months's index of dated searches.
REBUILD = ["REINDEX INDEX publishing_search_tsv", "REINDEX INDEX search_entry_dated_tsv"]
# What the index was before the vector was stored (the migration that stores it undone).
EXPRESSION_INDEX = (
    f"CREATE INDEX IF NOT EXISTS publishing_search_tsv ON publishing_searchentry USING GIN"
    f" ({VECTOR_SQL})"
)

VECTOR = "search_tsv"
# A narrowed search tests its newest candidates one by one, newest first, and stops at
# ``window`` matches; it reads at most this many (about 10 µs each at 1,000,000 entries)
# before leaving the search to the GIN index; FEW when the statistics say the words are
# too rare to fill the window within WALK.
WALK = 30_000
FEW = 5_000  # the walk of words the statistics call too rare to fill the window in WALK
# A dated search walks at most this many candidates, when the statistics say a word this
# common fills the window within them; else it reads the month-prefixed index, whose
# rows read are the matches in the months asked: fewer than a fifth of the candidates.
DATED_WALK = 5_000
# ... but walks for the window filled only within this many: the months read newest first
# (postgres_newest) fill it from a few thousand rows in 15-25 ms, a walk of 5,000
# candidates of a province's half-year is 30-50 ms (bench/search.py).
DATED_COMMON = 2_000


def _tsquery(words: list[str]) -> str:
    """SQL of the query: every word, the last as a prefix (the words are parameters)."""
    joined = " || ' & ' || ".join("tincoso_unaccent(%s)::text" for _ in words)
    return f"to_tsquery('simple', {joined} || ':*')"


def _newest_ranked(
    words: list[str], condition: str, params: Any, window: int, matched: bool = False
) -> list[int]:
    """The ``window`` newest entries matching every word and ``condition``, best ts_rank
    first. Ranked once the newest are kept: ranking every match read its stored vector
    again (a second read of a toasted value) for rows the window then dropped.
    ``matched``: ``condition`` holds only for entries matching the words already, so
    their vectors are not read to check it again."""
    where = condition if matched else f"{VECTOR} @@ q AND {condition}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT id, {VECTOR} AS v, q"  # noqa: S608
            f" FROM publishing_searchentry, {_tsquery(words)} q"
            f" WHERE {where} ORDER BY id DESC LIMIT %s) m"
            " ORDER BY ts_rank(v, q) DESC, id DESC",
            [*words, *params, window],
        )
        return [row[0] for row in cursor.fetchall()]


def by_index(words: list[str], candidates: tuple[str, tuple[Any, ...]], window: int) -> list[int]:
    """The ``window`` newest candidates matching every word, best ts_rank first, in the
    plan the planner picks (the GIN index's matches or a walk of the whole table)."""
    sql, params = candidates
    return _newest_ranked(words, f"id IN ({sql})", params, window)


# The candidates' SQL as ``candidates.py`` builds it when no other table is joined.
_OWN = 'SELECT "publishing_searchentry"."id" AS "id" FROM "publishing_searchentry" WHERE '


def by_bitmaps(words: list[str], candidates: tuple[str, tuple[Any, ...]], window: int) -> list[int]:
    """What ``by_index`` returns, the candidates' conditions put on the matching rows
    themselves instead of ``id IN (candidates)``: the planner can then AND the GIN
    index's bitmap with the filters' index and read only the rows in both (a rare word
    in a province's half-year: 200 ms reading every match of the table as a semi-join).
    Exact: the conditions on a row are the conditions on its id (the primary key)."""
    sql, params = candidates
    if not sql.startswith(_OWN) or " JOIN " in sql:
        return by_index(words, candidates, window)
    return _newest_ranked(words, f"({sql[len(_OWN) :]})", params, window)


def _share(words: list[str]) -> float:
    """The planner's guess of the share of entries matching the words (its statistics of
    the vector's most common words: no row read). Words often found together are
    guessed rarer than they are."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM publishing_searchentry"  # noqa: S608
            f" WHERE {VECTOR} @@ {_tsquery(words)}",
            words,
        )
        matches = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'publishing_searchentry'::regclass"
        )
        entries = cursor.fetchone()[0]
    return float(min(1.0, matches / entries)) if entries > 0 else 1.0


def _candidates_guess(candidates: tuple[str, tuple[Any, ...]]) -> float:
    """The planner's guess of how many candidates there are (no row read)."""
    sql, params = candidates
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])


def dated_guess(words: list[str], candidates: tuple[str, tuple[Any, ...]]) -> tuple[float, float]:
    """The statistics' share of entries matching the words and count of candidates."""
    return _share(words), _candidates_guess(candidates)


def dated_walk(
    guess: tuple[float, float], window: int, longest: int, common: int | None = None
) -> bool:
    """Whether to walk a dated search's candidates, given ``dated_guess``: when the walk
    is expected to end within ``common`` candidates (``longest`` if None) for the window
    filled (common words), or within ``longest`` for every candidate read (a commune's
    few hundred: quicker than the month index)."""
    share, candidates = guess
    return share * (longest if common is None else common) >= window or candidates <= longest


def walk_size(words: list[str], window: int, long: int = WALK, short: int = FEW) -> int:
    """How many candidates to walk: ``long`` when the statistics' share of matches fills
    the window within them, else ``short`` (a rare word among many candidates is the
    GIN bitmaps' case, yet walking a commune's few thousand candidates is quicker)."""
    return long if _share(words) * long >= window else short


def newest_first(
    words: list[str], candidates: tuple[str, tuple[Any, ...]], window: int, walk: int = WALK
) -> list[int] | None:
    """What ``by_index`` returns, found by testing the ``walk`` newest candidates newest
    first; None when they hold fewer than ``window`` matches and older candidates exist.

    A common word's GIN matches are hundreds of thousands of rows read and sorted to keep
    the newest ``window``, and the planner, taking matches for spread evenly, may walk
    the whole table newest first past candidates months older; this reads candidates
    only and stops at ``window`` matches. Exact: the matches among the newest ``walk``
    candidates, when there are ``window`` of them or no older candidate, are the newest.
    """
    sql, params = candidates
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH c AS MATERIALIZED (SELECT id FROM ({sql}) s ORDER BY id DESC LIMIT %s)"  # noqa: S608
            " SELECT (SELECT count(*) FROM c), ARRAY(SELECT id FROM ("
            f" SELECT w.id, ts_rank(e.{VECTOR}, q) AS score"
            " FROM (SELECT id FROM c ORDER BY id DESC) w CROSS JOIN LATERAL"
            # OFFSET 0 keeps the lateral a lookup per candidate (no join of all matches)
            f" (SELECT {VECTOR} FROM publishing_searchentry WHERE id = w.id OFFSET 0) e,"
            f" {_tsquery(words)} q"
            f" WHERE e.{VECTOR} @@ q ORDER BY w.id DESC LIMIT %s) m"
            " ORDER BY score DESC, id DESC)",
            [*params, walk, *words, window],
        )
        walked, ids = cursor.fetchone()
    return ids if len(ids) >= window or walked < walk else None


def ranked_ids(
    words: list[str],
    candidates: tuple[str, tuple[Any, ...]],
    window: int,
    narrowed: bool = False,  # the filters leave few candidates: walk them newest first
    dated: Any = None,  # postgres_months.Dated: the search's dates, type and units
) -> list[int]:
    """Ids of the ``window`` newest candidates matching every word, best ts_rank first.

    Dated: the walk when the statistics say the words fill the window within
    ``DATED_COMMON`` candidates or there are at most ``DATED_WALK``, else (or when it
    does not) the month-prefixed index (``postgres_months``), whose rows read are the
    matches in those months, newest months first. Else the
    walk as long as the statistics call worth it, then the GIN bitmaps."""
    if not narrowed:
        return by_index(words, candidates, window)
    if dated is not None:
        from tincoso.search import postgres_months

        found, guess = None, dated_guess(words, candidates)
        if dated_walk(guess, window, DATED_WALK, DATED_COMMON):
            found = newest_first(words, candidates, window, DATED_WALK)
        if found is None:
            expected = guess[0] * guess[1]
            found = postgres_months.by_months(words, candidates, window, dated, expected)
        if found is not None:
            return found
    found = newest_first(words, candidates, window, walk_size(words, window))
    return found if found is not None else by_bitmaps(words, candidates, window)
