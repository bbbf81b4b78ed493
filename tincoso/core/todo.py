"""The to-do home: what is waiting for a person, gathered from every domain app.

Core cannot read the apps above it, so each app names its sources on its
AppConfig (``todo``: dotted paths of functions ``(user, limit) -> Section | None``)
and this module asks them. A source returns None when the person holds no role
that allows its action anywhere (nothing to show, not even an empty list); it
answers ``limit=0`` with the total alone, which is what the navigation's counts
need. Each source costs a bounded number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HOME_LIMIT = 10  # entries per section on the home page; the rest behind "see all"
_COUNTS_ATTR = "_tincoso_todo_counts"


@dataclass(frozen=True)
class Entry:
    """One thing to do: what, where, by when, and the page where it is done."""

    title: str
    url: str
    unit: str
    step: str = ""  # what is to be done, e.g. "Tiếp nhận"
    due: dt.datetime | None = None
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    nav: str  # url name of the navigation link whose count this is
    total: int
    more_url: str
    entries: list[Entry] = field(default_factory=list)


Source = Callable[[Any, int], Section | None]


def section_of(
    rows: QuerySet[Any],
    limit: int,
    entry: Callable[[Any], Entry],
    *,
    related: tuple[str, ...] = (),
    key: str,
    title: str,
    nav: str,
    more_url: str,
) -> Section:
    """A section counting ``rows`` (one query) and, unless ``limit`` is 0, showing the
    first ``limit`` of them as entries (one more query, ``related`` joined in)."""
    section = Section(key, title, nav, rows.count(), more_url)
    if limit and section.total:
        section.entries = [entry(row) for row in rows.select_related(*related)[:limit]]
    return section


def _sources() -> list[Source]:
    from tincoso.core.registry import todo_sources

    return [import_string(path) for path in todo_sources()]


def sections_for(user: Any, limit: int = HOME_LIMIT) -> list[Section]:
    """The person's to-do sections, in the apps' order, each with up to ``limit`` entries."""
    return [s for source in _sources() if (s := source(user, limit)) is not None]


def remember_counts(request: HttpRequest, sections: list[Section]) -> None:
    """Let the navigation reuse the totals a page has already counted."""
    setattr(request, _COUNTS_ATTR, _by_nav(sections))


def nav_counts(request: HttpRequest) -> dict[str, int]:
    """Totals by navigation url name, counted once per request (one query per source)."""
    counts = getattr(request, _COUNTS_ATTR, None)
    if counts is None:
        user = getattr(request, "user", None)
        sections = sections_for(user, 0) if user and user.is_authenticated else []
        counts = _by_nav(sections)
        setattr(request, _COUNTS_ATTR, counts)
    return counts


def _by_nav(sections: list[Section]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in sections:
        counts[s.nav] = counts.get(s.nav, 0) + s.total
    return counts


def time_left(due: dt.datetime, now: dt.datetime) -> str:
    """``còn 3 ngày`` / ``quá hạn 1 ngày`` in whole days, or hours, or minutes when close.

    Django's own ``timeuntil`` has no Vietnamese catalog, so it would print English.
    """
    seconds = (due - now).total_seconds()
    span = abs(seconds)
    if span >= 86400:
        n = int(span // 86400)
        amount = ngettext("%(n)s ngày", "%(n)s ngày", n) % {"n": n}
    elif span >= 3600:
        n = int(span // 3600)
        amount = ngettext("%(n)s giờ", "%(n)s giờ", n) % {"n": n}
    else:
        n = max(1, int(span // 60))
        amount = ngettext("%(n)s phút", "%(n)s phút", n) % {"n": n}
    if seconds < 0:
        return _("quá hạn %(time)s") % {"time": amount}
    return _("còn %(time)s") % {"time": amount}
