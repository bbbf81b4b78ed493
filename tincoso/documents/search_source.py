"""Registered documents as a search source, for the staff who may see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from tincoso.documents.models import Document
from tincoso.documents.visibility import documents_visible_to
from tincoso.search import index
from tincoso.search.registry import Source, register

KIND = "document"


def index_document(doc: Any) -> None:
    """A registered document is searchable (registering or correcting it calls
    this); one not registered is taken out."""
    if doc.status != "registered":
        unindex_document(doc)
        return
    published = (
        dt.datetime.combine(doc.date, dt.time(12), tzinfo=dt.UTC) if doc.date else doc.registered_at
    )
    index.save_entry(
        KIND,
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
    index.remove_entry(KIND, doc.pk)


def _visible(user: Any) -> Q | None:
    """The documents gate (``services.documents_visible_to``); anonymous: none."""
    if user is None or not user.is_authenticated:
        return None
    return Q(object_id__in=documents_visible_to(user).values("pk"))


def _reindex() -> int:
    count = 0
    for doc in Document.objects.filter(status="registered").iterator(chunk_size=200):
        index_document(doc)
        count += 1
    return count


def register_source() -> None:
    register(Source(KIND, _visible, _reindex))
