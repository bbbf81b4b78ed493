"""Ranked search over the registered sources' entries, diacritics and case ignored.

One interface, two engines: SQLite FTS5 over text folded by ``core.text.fold``
(FTS5's own folding leaves đ/Đ alone) by default (``sqlite.py``), PostgreSQL
full text through ``unaccent`` when the database is PostgreSQL (``postgres.py``).
Each engine has the shape of ``Engine``: it takes the folded words and the SQL
of the entries the reader may see through the filters, and returns ranked ids.
Who may see what and the filters are decided once, for both engines
(``candidates.py``), and travel into the engine's query, so a filter never
hides matches that ranking cut off.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from tincoso.core.text import fold
from tincoso.search.candidates import candidates, dated

# Matches are taken newest first and ranked within this many: a reader pages
# through the first few dozen, news is read newest first, and scoring every
# match of a common word over 100,000 entries is what makes a search slow
# (bench/publishing.py measures it). ``Results.more`` says when the
# window was full.
WINDOW = 1000
MAX_WORDS = 12
_WORD = re.compile(r"\w+")


class Engine(Protocol):
    CREATE: list[str]
    DROP: list[str]
    REBUILD: list[str]

    def ranked_ids(
        self,
        words: list[str],
        candidates: tuple[str, tuple[Any, ...]],
        window: int,
        narrowed: bool = False,
        dated: Any = None,
    ) -> list[int]: ...


@dataclass
class Hit:
    kind: str  # a source's kind: "item", "document"
    object_id: int
    title: str
    snippet: str  # HTML: escaped text with <mark> around the matches
    published_at: dt.datetime | None
    type: str
    unit_name: str
    unit_code: str


@dataclass
class Results:
    hits: list[Hit]
    total: int
    more: bool = False  # more than ``total`` matched; the newest ``total`` were ranked


def tokens(query: str) -> list[str]:
    return _WORD.findall(fold(query or ""))[:MAX_WORDS]


def engine() -> Engine:
    if connection.vendor == "postgresql":
        from tincoso.search import postgres

        return postgres
    from tincoso.search import sqlite

    return sqlite


# --- searching ------------------------------------------------------------------


def snippet(text: str, words: list[str], width: int = 90, folded: str | None = None) -> str:
    """Escaped text around the first match, every match in <mark>.

    ``folded`` is ``fold(text)`` when the caller has it already (the index keeps
    it): folding is one character for one, so its offsets are the text's.
    """
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    # Whole words, except the last typed one, which may be the start of a word.
    patterns = [rf"\b{re.escape(w)}\b" for w in words[:-1]] + [rf"\b{re.escape(words[-1])}"]
    spans = sorted((m.start(), m.end()) for p in patterns for m in re.finditer(p, folded))
    if not spans:
        return html.escape(text[: 2 * width]) + ("…" if len(text) > 2 * width else "")
    first, first_end = spans[0]
    start, end = max(0, first - width), min(len(text), first + width)
    # Start and end on word boundaries, so no word is cut in half.
    if start and (space := text.find(" ", start, first)) >= 0:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", first_end, end)) >= 0:
        end = space
    out, pos = [], start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def search(
    query: str,
    user: Any = None,
    *,
    unit: Any = None,
    type: str = "",
    topic: str = "",
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Ranked hits the user may see, with snippets; filters narrow, never widen.

    ``kind`` is a source's kind ("item", "document"); ``type`` an item kind or a
    document type;
    ``unit`` takes in the unit's whole subtree.
    """
    from tincoso.search.models import SearchEntry

    words = tokens(query)
    if not words:
        return Results([], 0)
    sql, params, narrowed = candidates(
        user, unit=unit, type=type, topic=topic, kind=kind, since=since, until=until
    )
    dates = dated(since, until, type, unit)
    ranked = engine().ranked_ids(words, (sql, params), WINDOW, narrowed, dates)
    page = ranked[offset : offset + limit]
    rows = {
        row[0]: row
        for row in SearchEntry.objects.filter(pk__in=page).values_list(
            "pk",
            "kind",
            "object_id",
            "title",
            "text",
            "folded",
            "published_at",
            "type",
            "unit__name",
            "unit__code",
        )
    }
    hits = []
    for pk in page:
        _, kind_, object_id, title, text, folded, published_at, type_, unit_name, code = rows[pk]
        body, body_folded = (text, folded[len(title) + 1 :]) if text else (title, folded)
        hits.append(
            Hit(
                kind_,
                object_id,
                title,
                snippet(body, words, folded=body_folded),
                published_at,
                type_,
                unit_name,
                code,
            )
        )
    return Results(hits, len(ranked), more=len(ranked) >= WINDOW)
