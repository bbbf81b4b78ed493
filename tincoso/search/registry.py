"""The sources search covers, registered by the apps that own them (in ``ready()``).

A source names its ``kind`` (the entries' ``kind`` column), says which of its
entries a user may see (a ``Q`` over :class:`~tincoso.search.models.SearchEntry`,
or None for none of them) and indexes all its things again for ``reindex``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q


@dataclass(frozen=True)
class Source:
    kind: str
    visible: Callable[[Any], Q | None]  # the user's entries of this kind, None: none
    reindex: Callable[[], int]  # index every searchable thing again; how many


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace, on a second ``ready()``) the source of ``source.kind``."""
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def visible_to(user: Any) -> Q:
    """Entries ``user`` may see, over every source; an unknown kind shows nowhere."""
    allowed = Q(pk__in=[])
    for source in _SOURCES.values():
        mine = source.visible(user)
        if mine is not None:
            allowed |= Q(kind=source.kind) & mine
    return allowed
