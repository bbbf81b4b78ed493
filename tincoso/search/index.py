"""Keeping the index in step: the sources save and remove their own entries."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from tincoso.core.text import fold
from tincoso.search.models import SearchEntry
from tincoso.search.query import engine
from tincoso.search.registry import sources


def save_entry(kind: str, object_id: int, **fields: Any) -> None:
    """Index (or index again) one thing: ``title``, ``text``, ``unit_id`` and the
    filter columns of :class:`SearchEntry`."""
    fields["folded"] = fold(f"{fields['title']}\n{fields['text']}")
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)


def remove_entry(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild() -> dict[str, int]:
    """Index everything again, source by source (``manage.py reindex``), in one
    transaction: searches see the old index or the new one."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        counts = {source.kind: source.reindex() for source in sources()}
        with connection.cursor() as cursor:
            for sql in engine().REBUILD:
                cursor.execute(sql)
    return counts
