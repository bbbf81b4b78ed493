"""PostgreSQL: a dated search read from a GIN index of month-prefixed words.

The index holds each entry's folded words prefixed with its month (UTC), ``24264/quy``,
and its type and unit as more words, ``24264/#notice``, ``24264/@12``. A search over
half a year asks for its words (type, units) in each of those months, so the GIN index
reads the postings of a few months instead of the whole table's: the whole table's
postings of a middling word's prefix cost 100-300 ms at 1,000,000 entries, and walking
the 23,000 candidates of a province's half-year one by one as much (bench/search.py).
Read month by month (one AND query a month), each read skips through the postings of its
words; the rows read are the entries of those months, type and units that match, the
newest months first until older ones cannot enter the window (``postgres_newest``).

Exact: words are cut at 500 characters in this index (a tsvector word may not exceed
2,047 bytes with its month), so a query word of 500 or more is left to the other paths;
for shorter ones, an entry of month m has a word ``m/w`` (or one starting with it) in this
index exactly when its own vector has ``w`` (or one starting with it), and no word of
another month. A query of words and prefixes joined by AND, as searches make, therefore
matches an entry in one of its months exactly when the entry's vector matches it, and
the candidates' filters (the exact instants among them) keep the candidates; the
vector is then not read again to check it. Any other query (a word the parser split
into a phrase, which a vector without positions never matches) is left to the other
paths.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple, cast

from django.db import connection

from tincoso.search import postgres, postgres_newest

LONGEST = 500  # characters of a word kept in the index (4 bytes each at most)
MONTHS = 13  # the most months read this way (a year, from any day)

_MONTH_SQL = (
    "((extract(year FROM $2 AT TIME ZONE 'UTC') * 12"
    " + extract(month FROM $2 AT TIME ZONE 'UTC') - 1)::int)::text || '/'"
)
VECTOR_SQL = "tincoso_dated_tsv(search_tsv, published_at, type, unit_id)"
CREATE = [
    # IMMUTABLE for real: a timestamptz AT TIME ZONE 'UTC' depends on no setting. COST:
    # computed for a row it costs ~50 µs, so the planner reads the index rather than
    # compute it for each of a commune's candidates (250 ms instead of 8 at 1,000,000).
    "CREATE OR REPLACE FUNCTION tincoso_dated_tsv(tsvector, timestamptz, text, bigint)"  # noqa: S608
    " RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 10000 AS $$ SELECT"
    f" array_to_tsvector(ARRAY(SELECT m || left(w, {LONGEST}) FROM unnest(tsvector_to_array($1))"
    f" w) || ARRAY[m || '#' || $3, m || '@' || $4]) FROM (SELECT {_MONTH_SQL} AS m) b $$",
    "CREATE INDEX IF NOT EXISTS search_entry_dated_tsv ON publishing_searchentry USING GIN"
    f" ({VECTOR_SQL})",
]
DROP = [
    "DROP INDEX IF EXISTS search_entry_dated_tsv",
    "DROP FUNCTION IF EXISTS tincoso_dated_tsv(tsvector, timestamptz, text, bigint)",
]
_LEXEME = re.compile(r"'((?:[^']|'')*)'")  # a quoted word of a tsquery's text
_ITEM = r"'(?:[^']|'')*'(?::\*)?"
_AND_ONLY = re.compile(rf"{_ITEM}(?: & {_ITEM})*")  # words and prefixes joined by AND


class Dated(NamedTuple):
    """The dated filters of a search: instants (None: open), the type ("" for any) and
    the units of the subtree asked (none: any; a large subtree is left to the filters)."""

    start: dt.datetime | None
    end: dt.datetime | None  # exclusive
    type: str
    units: tuple[int, ...] = ()


def month(at: dt.datetime) -> int:
    """The index's month of an instant (UTC), as ``_MONTH_SQL`` computes it."""
    utc = at.astimezone(dt.UTC)
    return utc.year * 12 + utc.month - 1


def months(dated: Dated) -> list[int] | None:
    """The months the dates touch, None when more than ``MONTHS`` or none have entries."""
    start, end = dated.start, dated.end
    if start is None or end is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(published_at), max(published_at) FROM publishing_searchentry"
            )
            first, last = cursor.fetchone()
        if first is None:
            return None
        start, end = start or first, end or last + dt.timedelta(microseconds=1)
    if end <= start:
        return None
    first_month, last_month = month(start), month(end - dt.timedelta(microseconds=1))
    if last_month - first_month >= MONTHS:
        return None
    return list(range(first_month, last_month + 1))


def _quoted(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def month_query(query: str, month: int, type: str, units: tuple[int, ...] = ()) -> str | None:
    """The text of a tsquery asking for ``query`` (a tsquery's text) in the month, with
    the type and one of the units when given; None when a word is too long for the
    index or none is left."""
    words = _LEXEME.findall(query)
    if not words or any(len(w.replace("''", "'")) >= LONGEST for w in words):
        return None
    asked = "(" + _LEXEME.sub(f"'{month}/\\1'", query) + ")"
    if type:
        asked += f" & {_quoted(f'{month}/#{type}')}"
    if units:
        asked += " & (" + " | ".join(f"'{month}/@{u}'" for u in units) + ")"
    return asked


def by_months(
    words: list[str],
    candidates: tuple[str, tuple[Any, ...]],
    window: int,
    dated: Dated,
    expected: float | None = None,
) -> list[int] | None:
    """What ``postgres.by_index`` returns, the text matched first in the dated index's
    months; None when the dates or words do not suit it. ``expected``: the statistics'
    count of matches among the candidates, which sets how many months are read first."""
    sql, params = candidates
    spanned = months(dated)
    if spanned is None or not sql.startswith(postgres._OWN) or " JOIN " in sql:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {postgres._tsquery(words)}::text", words)
        query = cursor.fetchone()[0]
    asked = [month_query(query, m, dated.type, dated.units) for m in spanned]
    if None in asked or _AND_ONLY.fullmatch(query) is None:
        return None
    # A month a query, newest first: each read an AND of words that skips through their
    # postings; one query ORing the months read the union of every month's postings of
    # every word (twice as long), and every month's rows even when the newest fill the
    # window.
    filters = (sql[len(postgres._OWN) :], params)
    found: list[int] = postgres_newest.newest_ranked(
        words, spanned, cast(list[str], asked), filters, window, VECTOR_SQL, expected
    )
    return found
