"""A WSGI cache, outside Django, that answers repeated anonymous portal GETs itself.

``caching.portal_page`` already keeps a server copy of every anonymous portal
page, but reaching it costs the whole middleware stack (sessions, locale, CSRF,
auth, messages, audit, axes…) and URL resolution: about 0.7 ms a request. On
a small machine that caps the app server alone at a few hundred pages a
second. This cache sits outside Django (``tincoso/wsgi.py`` wraps the Django
application in it) and keeps, per worker process, the exact response Django
produced for a request (status, every header, body) while the portal's stamp
(``caching.stamp_row``: one indexed query) has not moved.

What it may answer is Django's decision, never its own guess:

* only GETs carrying no session, no message and no Authorization (anonymous
  readers); only cookies in ``PASSIVE_COOKIES`` may be present;
* only responses that ``portal_page`` marked ``Cache-Control: public, no-cache``
  with an ETag, and that set no cookie;
* the key holds everything Django reads to choose what it renders for an
  anonymous reader: scheme (and the proxy's X-Forwarded-Proto), host, path,
  query, the language cookie and Accept-Language. A host Django refuses, or a
  plain-HTTP request it redirects, never had a public answer stored under its
  key, so it still reaches Django;
* the stamp is read before Django renders, so a copy is never kept under a
  stamp older than what it shows; once anything visible changes (publish,
  correction, withdrawal, expiry) every copy is stale at once, in every worker.

Conditional GETs (If-None-Match / If-Modified-Since) pass through to Django,
which answers 304 itself. Each worker keeps at most ``max_entries`` pages and
``max_bytes`` of bodies (32 MiB), dropping the least recently used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

PUBLIC = "public, no-cache"  # what portal_page sets on an anonymous page, and only there
PASSIVE_COOKIES = frozenset({"csrftoken", "django_language"})
BYPASS_HEADERS = (
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_RANGE",
)


@dataclass(frozen=True)
class StoredResponse:
    stamp: tuple[Any, ...]
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class AnonymousPageCache:
    """WSGI middleware around Django's application (see the module's docstring)."""

    def __init__(
        self,
        app: WSGIApp,
        max_entries: int = 512,
        max_body: int = 2 * 2**20,
        max_bytes: int = 32 * 2**20,
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_body
        self.max_bytes = max_bytes  # all bodies together, per worker process
        self.size = 0
        self.copies: OrderedDict[tuple[str, ...], StoredResponse] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    # --- deciding -------------------------------------------------------------

    def key(self, environ: dict[str, Any]) -> tuple[str, ...] | None:
        """The request's key, or None when the cache must leave it to Django."""
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if any(environ.get(h) for h in BYPASS_HEADERS):
            return None
        language = ""
        raw_cookie = environ.get("HTTP_COOKIE", "")
        if raw_cookie:
            try:
                cookies = SimpleCookie(raw_cookie)
            except CookieError:
                return None
            if set(cookies) - PASSIVE_COOKIES:
                return None
            if "django_language" in cookies:
                language = cookies["django_language"].value
        return (
            environ.get("wsgi.url_scheme", ""),
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_HOST", "") or environ.get("SERVER_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            language,
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
        )

    def stamp(self) -> tuple[Any, ...] | None:
        """The portal's stamp as the database returns it, or None if the database
        cannot say (Django will then answer, and report the failure)."""
        from django.db import connection

        from tincoso.publishing.caching import stamp_row

        try:
            return stamp_row()
        except Exception:  # any failure: let Django answer, and report it
            connection.close()
            return None

    # --- answering ------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = self.key(environ)
        if key is None:
            return self.app(environ, start_response)
        current = self.stamp()
        if current is None:
            return self.app(environ, start_response)
        with self.lock:
            copy = self.copies.get(key)
            if copy is not None and copy.stamp == current:
                self.copies.move_to_end(key)
                self.hits += 1
            else:
                copy = None
                self.misses += 1
        if copy is not None:
            start_response(copy.status, list(copy.headers))
            return [copy.body]
        return self._fill(key, current, environ, start_response)

    def _fill(
        self,
        key: tuple[str, ...],
        current: tuple[Any, ...],
        environ: dict[str, Any],
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not self._storable(seen.get("status", ""), seen.get("headers", [])):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections, signals
        if len(body) <= self.max_body:
            with self.lock:
                old = self.copies.pop(key, None)
                self.size -= len(old.body) if old is not None else 0
                self.copies[key] = StoredResponse(current, seen["status"], seen["headers"], body)
                self.size += len(body)
                while len(self.copies) > self.max_entries or self.size > self.max_bytes:
                    _, dropped = self.copies.popitem(last=False)  # least recently used
                    self.size -= len(dropped.body)
        return [body]

    @staticmethod
    def _storable(status: str, headers: list[tuple[str, str]]) -> bool:
        if not status.startswith("200"):
            return False
        names = {name.lower(): value for name, value in headers}
        return (
            names.get("cache-control") == PUBLIC
            and "etag" in names
            and not any(name.lower() == "set-cookie" for name, _ in headers)
        )
