"""SQLite FTS5 over the folded column (external content, kept in step by triggers)."""

from __future__ import annotations

from django.db import connection

TABLE = "publishing_search_fts"

# Only constants are interpolated into these statements (no input reaches them).
CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "folded, content='publishing_searchentry', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_ai AFTER INSERT ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_ad AFTER DELETE ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);"
    " END",
    f"CREATE TRIGGER IF NOT EXISTS publishing_search_au AFTER UPDATE ON publishing_searchentry"  # noqa: S608
    f" BEGIN INSERT INTO {TABLE}({TABLE}, rowid, folded) VALUES ('delete', old.id, old.folded);"
    f" INSERT INTO {TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
]
DROP = [
    "DROP TRIGGER IF EXISTS publishing_search_ai",
    "DROP TRIGGER IF EXISTS publishing_search_ad",
    "DROP TRIGGER IF EXISTS publishing_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def match_expression(words: list[str]) -> str:
    """Every word must appear; the last may be the start of a word (typing ahead)."""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


# bm25 over every match of a common word costs ~150 ms on 100,000 items; the
# newest matches come straight off the index, so rank within a recent window.
WINDOW = 2000


def ranked_ids(words: list[str], limit: int) -> list[int]:
    """The best ``limit`` of the ``WINDOW`` most recently indexed matches, by bm25."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM (SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
            " ORDER BY rowid DESC LIMIT %s) ORDER BY rank LIMIT %s",
            [match_expression(words), WINDOW, limit],
        )
        return [row[0] for row in cursor.fetchall()]
