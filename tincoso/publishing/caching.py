"""HTTP caching of the anonymous portal: ETag, Last-Modified, 304, and a server-side copy.

Every anonymous reader sees the same portal, so a page is keyed by its URL, the
language and the portal's *stamp*: the last time anything a reader can see
changed. Publishing, correcting, withdrawing and archiving move ``updated_at``;
an item that expires changes the portal at its ``expires_at`` with no write, so
the stamp takes the latest expiry already past too. Apps above the portal add
their own look-ups to it (``registry.portal_stamp_sql``: the alerts' banner, whose
expiry also changes pages with no write). A new stamp is a new ETag
and a new key: nothing stale is served once the change is committed.

Logged-in readers (members-only items, their own language) are never cached.
Pages marked ``Cache-Control: public`` are what the nginx micro-cache of
deploy/nginx-portal-cache.conf is allowed to keep.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import cache as cache_once
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_http_date_safe

from tincoso.core import clock

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
SERVER_COPY_SECONDS = 600


STAMP_SQL = (
    "SELECT (SELECT MAX(updated_at) FROM publishing_item),"
    " (SELECT MAX(expires_at) FROM publishing_item WHERE expires_at <= %s),"
    " (SELECT at FROM publishing_portalchange WHERE id = 1),"
    " (SELECT version FROM publishing_portalchange WHERE id = 1)"
)


@cache_once
def stamp_sql() -> str:
    """The stamp's query with what other apps add (``registry.portal_stamp_sql``,
    e.g. alerts: the last one sent and the last one expired), read once."""
    from tincoso.core.registry import portal_stamp_sql

    extra = portal_stamp_sql()
    return STAMP_SQL + "".join(f", {sql}" for sql in extra)


def touch(**_: Any) -> None:
    """Move the portal's stamp: something public pages show changed outside the items'
    rows (connected to the models in ``PORTAL_SOURCES`` by PublishingConfig.ready)."""
    from django.db.models import F

    from tincoso.publishing.models import PortalChange

    now = clock.now()
    if not PortalChange.objects.filter(pk=1).update(version=F("version") + 1, at=now):
        PortalChange.objects.get_or_create(pk=1, defaults={"version": 1, "at": now})


# Models whose rows anonymous portal pages show, besides Item (which moves its own
# updated_at): saving or deleting any of them moves the stamp.
PORTAL_SOURCES = (
    "units.Unit",
    "publishing.Topic",
    "publishing.ItemImage",
    "publishing.ItemAttachment",
)


def stamp_row() -> tuple[Any, ...]:
    """The stamp as the database returns it: one query, two index look-ups.

    Every anonymous portal request pays for this (``wsgi_cache.AnonymousPageCache`` on each
    one), so it goes to the DB-API connection directly: Django's cursor wrapper
    costs four times the query itself (measured: 55 µs against 10 µs on SQLite).
    """
    now = clock.now()
    connection.ensure_connection()
    sql = stamp_sql()
    count = sql.count("%s")
    if connection.vendor == "sqlite":
        # What Django's SQLite adapter stores: naive UTC text.
        param: Any = str(now.astimezone(dt.UTC).replace(tzinfo=None))
        sql = sql.replace("%s", "?")
    else:
        param = connection.ops.adapt_datetimefield_value(now)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, [param] * count)
        rows = cursor.fetchall()  # to the end: no read statement is left open
    finally:
        cursor.close()
    return tuple(rows[0]) if rows else ()


def stamp() -> dt.datetime:
    """When what anonymous readers see last changed."""
    return _latest(stamp_row())


def _latest(row: tuple[Any, ...]) -> dt.datetime:
    return max([EPOCH, *(t for t in map(_as_datetime, row) if t is not None)])


def _as_datetime(value: Any) -> dt.datetime | None:
    """SQLite hands back text in UTC, PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value if isinstance(value, dt.datetime) else None


def _etag_matches(header: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags or "*" in tags


def portal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs from the cache while nothing changed; answer 304 to a
    conditional GET; all before the view's own queries run."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            return response
        row = stamp_row()
        changed = _latest(row)
        # The whole row (with the change counter), so two changes within one clock
        # tick still give two ETags; Last-Modified is the latest instant in it.
        raw = f"{request.get_full_path()}|{row!r}|{request.LANGUAGE_CODE}"
        etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        if_none_match = request.headers.get("If-None-Match")
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if (if_none_match and _etag_matches(if_none_match, etag)) or (
            not if_none_match and since is not None and int(changed.timestamp()) <= since
        ):
            response = HttpResponseNotModified()
        elif (cached := cache.get(f"portal:{etag}")) is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                return response
            cache.set(
                f"portal:{etag}",
                (response.content, response["Content-Type"]),
                SERVER_COPY_SECONDS,
            )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed.timestamp())
        # Anyone may store it, everyone revalidates: a withdrawn item is gone at once.
        response["Cache-Control"] = "public, no-cache"
        response["Content-Language"] = request.LANGUAGE_CODE
        return response

    return wrapper
