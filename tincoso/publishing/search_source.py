"""Published items as a search source: what the portal's and the staff's search find."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tincoso.core import clock
from tincoso.publishing.content import plain_text
from tincoso.publishing.visibility import audience_filter, live
from tincoso.search import index
from tincoso.search.registry import Source, register

KIND = "item"


def index_item(item: Any) -> None:
    """Index the item's published version; anything not on the portal is taken out."""
    version = item.published_version
    if version is None or item.status != "published":
        unindex_item(item)
        return
    # Plain text, so that a snippet shows what the reader sees, not Markdown's marks.
    text = "\n".join(p for p in (version.summary, plain_text(version.body)) if p)
    index.save_entry(
        KIND,
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
    index.remove_entry(KIND, item.pk)


def _visible(user: Any) -> Q:
    """Live entries of the user's audiences (public, or members of their units)."""
    now = clock.now()
    return (
        audience_filter(user)
        & Q(published_at__lte=now)
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


def _reindex() -> int:
    count = 0
    items = live().select_related("published_version").prefetch_related("topics")
    for item in items.iterator(chunk_size=500):
        index_item(item)
        count += 1
    return count


def register_source() -> None:
    register(Source(KIND, _visible, _reindex))
