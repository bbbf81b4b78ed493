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
REBUILD = ["REINDEX INDEX publishing_search_tsv"]
# What the index was before the vector was stored (the migration that stores it undone).
EXPRESSION_INDEX = (
    f"CREATE INDEX IF NOT EXISTS publishing_search_tsv ON publishing_searchentry USING GIN"
    f" ({VECTOR_SQL})"
)

VECTOR = "search_tsv"


def ranked_ids(
    words: list[str],
    candidates: tuple[str, tuple[Any, ...]],
    window: int,
    narrowed: bool = False,  # the planner weighs the filters itself (search_entry_filters)
) -> list[int]:
    """Ids of the ``window`` newest candidates matching every word, best ts_rank first."""
    sql, params = candidates
    # The words travel as parameters and are \w+ runs; the last one matches as a prefix.
    query = " || ' & ' || ".join("tincoso_unaccent(%s)::text" for _ in words) + " || ':*'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT id, ts_rank({VECTOR}, q) AS score"  # noqa: S608
            f" FROM publishing_searchentry, to_tsquery('simple', {query}) q"
            f" WHERE {VECTOR} @@ q AND id IN ({sql}) ORDER BY id DESC LIMIT %s) m"
            " ORDER BY score DESC, id DESC",
            [*words, *params, window],
        )
        return [row[0] for row in cursor.fetchall()]
