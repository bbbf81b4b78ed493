"""PostgreSQL full text: ``unaccent`` (wrapped as IMMUTABLE to be indexable) + GIN."""

from __future__ import annotations

from django.db import connection

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION tincoso_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE"
    " PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "CREATE INDEX IF NOT EXISTS publishing_search_tsv ON publishing_searchentry USING GIN"
    " (to_tsvector('simple', tincoso_unaccent(lower(title || ' ' || text))))",
]
DROP = [
    "DROP INDEX IF EXISTS publishing_search_tsv",
    "DROP FUNCTION IF EXISTS tincoso_unaccent(text)",
]

VECTOR = "to_tsvector('simple', tincoso_unaccent(lower(title || ' ' || text)))"


def ranked_ids(words: list[str], limit: int) -> list[int]:
    # Words are \w+ already; the last one matches as a prefix.
    terms = ["tincoso_unaccent(%s)::text" for _ in words]
    query = " || ' & ' || ".join(terms) + " || ':*'"
    with connection.cursor() as cursor:
        cursor.execute(
            # The words travel as parameters; only the placeholders are interpolated.
            f"SELECT id FROM publishing_searchentry, to_tsquery('simple', {query}) q"  # noqa: S608
            f" WHERE {VECTOR} @@ q ORDER BY ts_rank({VECTOR}, q) DESC, id DESC LIMIT %s",
            [*words, limit],
        )
        return [row[0] for row in cursor.fetchall()]
