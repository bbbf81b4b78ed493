"""The entries a search may return: what the reader may see (each source's visibility
filter, ``registry.visible_to``) narrowed by the search page's filters, as SQL that
travels into the engine's query, so a filter never hides matches that ranking cut off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tincoso.search.registry import visible_to


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_subtree(unit: Any) -> Q:
    """Entries of the unit's subtree. PostgreSQL gets the units' ids as a list, which the
    filters' index seeks unit by unit (``unit_id = ANY(...)``); joined to the units, it
    read every entry of the dates asked and dropped the other types (bench/search.py:
    160 ms of a province's half-year search at 1,000,000 entries)."""
    from tincoso.units.models import Unit

    if connection.vendor != "postgresql":
        return Q(unit__path__startswith=unit.path)
    subtree = Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
    return Q(unit_id__in=list(subtree))


# A subtree of at most this many units is asked of the dated index unit by unit; a
# larger one (a province) is left to the filters, read from the rows the index gives.
DATED_UNITS = 50


def dated(since: dt.date | None, until: dt.date | None, type: str = "", unit: Any = None) -> Any:
    """The dates asked as instants (``postgres_months.Dated``) with the type and the
    subtree's units, None without dates: what PostgreSQL's dated index needs beside the
    candidates' SQL."""
    from tincoso.search.postgres_months import Dated
    from tincoso.units.models import Unit

    if (not since and not until) or connection.vendor != "postgresql":
        return None
    units: tuple[int, ...] = ()
    if unit is not None:
        subtree = Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
        units = tuple(subtree[: DATED_UNITS + 1])
        units = units if len(units) <= DATED_UNITS else ()
    start = _day_start(since) if since else None
    return Dated(start, _day_start(until + dt.timedelta(days=1)) if until else None, type, units)


def candidates(
    user: Any,
    *,
    unit: Any = None,
    type: str = "",
    topic: str = "",
    kind: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[str, tuple[Any, ...], bool]:
    """SQL and parameters of the entry ids, and whether filters narrow them (a unit
    below the top, a type, a topic, dates): then the engines read candidates first."""
    from tincoso.search.models import SearchEntry

    qs = SearchEntry.objects.filter(visible_to(user))
    if unit is not None:
        qs = qs.filter(_in_subtree(unit))
    if kind:
        qs = qs.filter(kind=kind)
    if type:
        qs = qs.filter(type=type)
    if topic:
        qs = qs.filter(topics__contains=f" {topic} ")
    # Days as instants in the current time zone (what ``__date`` compares), so the
    # comparison reads the index instead of casting every row's date.
    if since:
        qs = qs.filter(published_at__gte=_day_start(since))
    if until:
        qs = qs.filter(published_at__lt=_day_start(until + dt.timedelta(days=1)))
    narrowed = bool(type or topic or since or until) or (unit is not None and unit.depth > 1)
    sql, params = qs.order_by().values("id").query.sql_with_params()
    return sql, tuple(params), narrowed
