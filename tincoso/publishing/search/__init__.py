"""Search over published items and registered documents, diacritics and case ignored.

One interface, two engines: SQLite FTS5 over text folded by ``core.text.fold``
(FTS5's own folding leaves đ/Đ alone) by default, PostgreSQL full text through
``unaccent`` when the database is PostgreSQL. Both return ranked entry ids; the
visibility rules and filters are applied the same way for both, here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q

from tincoso.core.text import fold

# Ranking stops after this many best matches: a reader pages through the first few
# dozen, and scoring every match of a common word is what makes a search slow.
MAX_CANDIDATES = 400
_WORD = re.compile(r"\w+")


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: str  # HTML: escaped text with <mark> around the matches
    published_at: dt.datetime | None
    type: str
    unit_name: str


@dataclass
class Results:
    hits: list[Hit]
    total: int


def tokens(query: str) -> list[str]:
    return _WORD.findall(fold(query or ""))[:12]


def _backend() -> Any:
    if connection.vendor == "postgresql":
        from tincoso.publishing.search import postgres

        return postgres
    from tincoso.publishing.search import sqlite

    return sqlite


def _save(kind: str, obj_id: int, **fields: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    fields["folded"] = fold(f"{fields['title']}\n{fields['text']}")
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj_id, defaults=fields)


def index_item(item: Any) -> None:
    version = item.published_version
    if version is None:
        return
    text = "\n".join(p for p in (version.summary, version.body) if p)
    _save(
        "item",
        item.pk,
        unit_id=item.unit_id,
        audience=item.audience,
        type=item.kind,
        topics=" " + " ".join(item.topics.values_list("slug", flat=True)) + " ",
        language=item.language,
        published_at=item.published_at,
        title=version.title,
        text=text,
    )


def unindex_item(item: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    SearchEntry.objects.filter(kind="item", object_id=item.pk).delete()


def index_document(doc: Any) -> None:
    """Registered documents are searchable by the staff who may see them."""
    if doc.status != "registered":
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
        title=f"{doc.doc_type} {doc.symbol}: {doc.title}".strip(),
        text=doc.text[:100_000],
    )


def unindex_document(doc: Any) -> None:
    from tincoso.publishing.models import SearchEntry

    SearchEntry.objects.filter(kind="document", object_id=doc.pk).delete()


def _visible(user: Any) -> Q:
    from tincoso.documents.services import documents_visible_to
    from tincoso.publishing.services import audience_filter

    q = Q(kind="item") & audience_filter(user)
    if user is not None and user.is_authenticated:
        q |= Q(kind="document", object_id__in=documents_visible_to(user).values("pk"))
    return q


def snippet(text: str, words: list[str], width: int = 90) -> str:
    """Escaped text around the first match, every match in <mark>."""
    folded = fold(text)
    # Whole words, except the last typed one, which may be the start of a word.
    patterns = [rf"\b{re.escape(w)}\b" for w in words[:-1]] + [rf"\b{re.escape(words[-1])}"]
    spans = sorted((m.start(), m.end()) for p in patterns for m in re.finditer(p, folded))
    if not spans:
        return html.escape(text[: 2 * width]) + ("…" if len(text) > 2 * width else "")
    start = max(0, spans[0][0] - width)
    end = min(len(text), spans[0][0] + width)
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
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Ranked hits the user may see, with snippets; filters narrow, never widen."""
    from tincoso.publishing.models import SearchEntry

    words = tokens(query)
    if not words:
        return Results([], 0)
    ranked = _backend().ranked_ids(words, MAX_CANDIDATES)
    if not ranked:
        return Results([], 0)
    qs = SearchEntry.objects.filter(pk__in=ranked).filter(_visible(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if type:
        qs = qs.filter(type=type)
    if topic:
        qs = qs.filter(topics__contains=f" {topic} ")
    if since:
        qs = qs.filter(published_at__date__gte=since)
    if until:
        qs = qs.filter(published_at__date__lte=until)
    order = {pk: i for i, pk in enumerate(ranked)}
    ids = sorted(qs.values_list("pk", flat=True), key=order.__getitem__)
    page = ids[offset : offset + limit]
    entries = SearchEntry.objects.select_related("unit").in_bulk(page)
    hits = []
    for pk in page:
        e = entries[pk]
        hits.append(
            Hit(
                e.kind,
                e.object_id,
                e.title,
                snippet(e.text or e.title, words),
                e.published_at,
                e.type,
                e.unit.name,
            )
        )
    return Results(hits, len(ids))
