"""Search over published items and registered documents, diacritics and case ignored.

One interface, two engines: SQLite FTS5 over text folded by ``core.text.fold``
(FTS5's own folding leaves đ/Đ alone) by default (``sqlite.py``), PostgreSQL
full text through ``unaccent`` when the database is PostgreSQL (``postgres.py``).
Each engine has the shape of ``Engine``: it takes the folded words and the SQL
of the entries the reader may see through the filters, and returns ranked ids.
Who may see what (the permission gate, audiences) and the filters are decided
here once, for both engines, and travel into the engine's query, so a filter
never hides matches that ranking cut off.

Other apps keep the index in step through ``index_item``/``unindex_item`` and
``index_document``/``unindex_document``; ``manage.py reindex`` rebuilds it all.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.db.models import Q

from tincoso.core import clock
from tincoso.core.text import fold
from tincoso.publishing.content import plain_text

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
        self, words: list[str], candidates: tuple[str, tuple[Any, ...]], window: int
    ) -> list[int]: ...


@dataclass
class Hit:
    kind: str  # "item" or "document"
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
        from tincoso.publishing.search import postgres

        return postgres
    from tincoso.publishing.search import sqlite

    return sqlite


# --- keeping the index in step -----------------------------------------------------


def _save(kind: str, obj_id: int, **fields: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    fields["folded"] = fold(f"{fields['title']}\n{fields['text']}")
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj_id, defaults=fields)


def index_item(item: Any) -> None:
    """Index the item's published version; anything not on the portal is taken out."""
    version = item.published_version
    if version is None or item.status != "published":
        unindex_item(item)
        return
    # Plain text, so that a snippet shows what the reader sees, not Markdown's marks.
    text = "\n".join(p for p in (version.summary, plain_text(version.body)) if p)
    _save(
        "item",
        item.pk,
        unit_id=item.unit_id,
        audience=item.audience,
        type=item.kind,
        topics=" " + " ".join(item.topics.values_list("slug", flat=True)) + " ",
        language=item.language,
        published_at=item.published_at,
        expires_at=item.expires_at,
        title=version.title,
        text=text,
    )


def unindex_item(item: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    SearchEntry.objects.filter(kind="item", object_id=item.pk).delete()


def index_document(doc: Any) -> None:
    """Registered documents are searchable by the staff who may see them (the documents
    app calls this when it registers one); a document not registered is taken out."""
    if doc.status != "registered":
        unindex_document(doc)
        return
    published = (
        dt.datetime.combine(doc.date, dt.time(12), tzinfo=dt.UTC) if doc.date else doc.registered_at
    )
    _save(
        "document",
        doc.pk,
        unit_id=doc.unit_id,
        audience="staff",
        type=doc.doc_type,
        topics="",
        language="vi",
        published_at=published,
        expires_at=None,
        title=f"{doc.label}: {doc.title}".strip(" :") if doc.label else doc.title,
        text=doc.text[:100_000],
    )


def unindex_document(doc: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    SearchEntry.objects.filter(kind="document", object_id=doc.pk).delete()


def rebuild() -> dict[str, int]:
    """Index everything again from the items and documents (``manage.py reindex``)."""
    from django.db import transaction

    from tincoso.documents.models import Document
    from tincoso.publishing.models import SearchEntry
    from tincoso.publishing.services import live

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        items = live().select_related("published_version").prefetch_related("topics")
        n_items = 0
        for item in items.iterator(chunk_size=500):
            index_item(item)
            n_items += 1
        n_docs = 0
        for doc in Document.objects.filter(status="registered").iterator(chunk_size=200):
            index_document(doc)
            n_docs += 1
        with connection.cursor() as cursor:
            for sql in engine().REBUILD:
                cursor.execute(sql)
    return {"items": n_items, "documents": n_docs}


# --- searching ------------------------------------------------------------------


def _visible(user: Any) -> Q:
    """Entries ``user`` may see: live items of their audience; documents by the gate."""
    from tincoso.documents.services import documents_visible_to
    from tincoso.publishing.services import audience_filter

    now = clock.now()
    q = (
        Q(kind="item")
        & audience_filter(user)
        & Q(published_at__lte=now)
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )
    if user is not None and user.is_authenticated:
        q |= Q(kind="document", object_id__in=documents_visible_to(user).values("pk"))
    return q


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

    ``kind`` is "item" or "document"; ``type`` an item kind or a document type;
    ``unit`` takes in the unit's whole subtree.
    """
    from tincoso.publishing.models import SearchEntry

    words = tokens(query)
    if not words:
        return Results([], 0)
    qs = SearchEntry.objects.filter(_visible(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    if type:
        qs = qs.filter(type=type)
    if topic:
        qs = qs.filter(topics__contains=f" {topic} ")
    if since:
        qs = qs.filter(published_at__date__gte=since)
    if until:
        qs = qs.filter(published_at__date__lte=until)
    sql, params = qs.order_by().values("id").query.sql_with_params()
    ranked = engine().ranked_ids(words, (sql, tuple(params)), WINDOW)
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
