"""SQLite FTS5 over the folded column (external content, kept in step by triggers).

``core.text.fold`` has already taken diacritics, đ/Đ and case out of ``folded``
(FTS5's unicode61 leaves đ alone). Prefix indexes on 2 and 3 characters keep
typed-ahead prefixes ("thong ti…") from walking the whole vocabulary.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

TABLE = "publishing_search_fts"

# Only constants are interpolated into these statements (no input reaches them).
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "folded, content='publishing_searchentry', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_ai AFTER INSERT ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_ad AFTER DELETE ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " END",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_au AFTER UPDATE ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);"
    f" INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",  # noqa: S608
]
DROP = [
    "DROP TRIGGER IF EXISTS publishing_search_ai",
    "DROP TRIGGER IF EXISTS publishing_search_ad",
    "DROP TRIGGER IF EXISTS publishing_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
REBUILD = [
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",  # noqa: S608
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')",  # noqa: S608
]


def match_expression(words: list[str]) -> str:
    """Every word must appear; the last may be the start of a word (typing ahead)."""
    quoted = [f'"{w}"' for w in words]  # words are \\w+ runs: no quote can be inside
    quoted[-1] += "*"
    return " ".join(quoted)


def ranked_ids(
    words: list[str],
    candidates: tuple[str, tuple[Any, ...]],
    window: int,
    narrowed: bool = False,
    dated: Any = None,  # PostgreSQL's (postgres_months); FTS5 has no use for it
) -> list[int]:
    """Ids of the ``window`` newest candidates matching every word, best bm25 first.

    ``candidates`` is the SQL (and its parameters) of the entries the reader may
    see and the filters allow. Unfiltered, SQLite folds it into the join: the
    index is walked newest first and stops after ``window`` visible matches.
    ``narrowed`` (a unit below the top, a type, dates…): few matches pass, so
    that walk would look up the row of nearly every match; the candidates are
    read once from the filters' index instead (``search_entry_filters``, no row
    read) and each match is checked against them, between the smallest and the
    largest candidate id. The ``+`` keeps SQLite from handing the ``IN`` to FTS5
    as one full-text query per candidate (many times slower).
    """
    sql, params = candidates
    if narrowed:
        # The candidates' ids bound the walk: FTS5 reads only the part of each word's
        # list between them (a few months of dates is a narrow band of ids). They are
        # listed once (MATERIALIZED) for both the bounds and the check (read twice,
        # they were ~15% of a province's dated search at 100,000 entries).
        query = (
            f"WITH candidate(id) AS MATERIALIZED ({sql})"  # noqa: S608
            f" SELECT {TABLE}.rowid AS id, {TABLE}.rank AS score FROM {TABLE}"
            f" WHERE {TABLE} MATCH %s AND {TABLE}.rowid BETWEEN"
            " (SELECT min(id) FROM candidate) AND (SELECT max(id) FROM candidate)"
            f" AND +{TABLE}.rowid IN candidate ORDER BY {TABLE}.rowid DESC LIMIT %s"
        )
    else:
        query = (
            f"SELECT e.id AS id, {TABLE}.rank AS score"  # noqa: S608
            f" FROM {TABLE} JOIN ({sql}) e ON e.id = {TABLE}.rowid"
            f" WHERE {TABLE} MATCH %s ORDER BY {TABLE}.rowid DESC LIMIT %s"
        )
    args = [*params, match_expression(words), window]  # the same order in both
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM ({query}) ORDER BY score, id DESC", args)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]
