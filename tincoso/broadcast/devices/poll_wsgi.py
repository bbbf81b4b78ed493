"""A device's manifest poll answered 304 by the app server before Django's stack.

Nearly every manifest request is a poll of an unchanged schedule: the device sends
its token and the ETag it holds and gets 304 Not Modified. Through Django that
costs the whole middleware stack, URL resolution and DRF (a few milliseconds); a
province's thousands of devices polling every minute would spend the app servers
on it. ``tincoso/wsgi.py`` wraps the application in :class:`ManifestPolls`, which
answers such a poll itself, by the same rules as the API view and never by its own
guess:

* only ``GET /api/device/v1/manifest`` with ``If-None-Match``, no query string, a
  host Django accepts and, where HTTPS is required, a secure request (learnt once per
  request shape through Django's own request object);
* the token is looked up as the view does (SHA-256, active devices only: one
  indexed query in plain SQL, no cache in front, so a revoked or rotated token is refused from
  the next request on: it goes to Django, which answers 401);
* the device's fetch rate limit is counted by the view's own rule (``api.over_rate``;
  a poll over the limit goes to Django, which refuses it);
* the signed manifest must be in the cache and still current
  (``manifest.cached``: the shared generation, the first play's end, the version);
  the ETag the device sent must be that manifest's.

What a poll was answered by is kept per worker process (``memo``: the ETag, until
when it holds, under the credential exactly as sent, so a repeat needs neither the
token's parsing nor its hash) and given again without a query only while
nothing at all was committed to the database since it was learnt (SQLite's change
stamp, ``core.dbchanges``: any device row, token, schedule or generation change moves
it), the signing keys are the same and the manifest's ``fresh_until`` has not passed.
Only where that stamp sees everything the answer depends on: SQLite with the shared
cache (the manifests' generation) in it, and the fetch rate limit off (a counted poll
is a write, and must be counted). Elsewhere every poll reads as above.

Where manifests are published for nginx (``DEVICE_MANIFEST_DIR``, §4.5), every poll
goes to Django, whose answer carries the published URL.

Anything else, and any error (a database outage included), goes to Django
unchanged: the fast path can only ever answer what Django would have answered.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError, close_old_connections, connection

from tincoso.broadcast.devices import api, credentials, key_ring, manifest
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock
from tincoso.core.dbchanges import Changes, Stamp

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

PATH = "/api/device/v1/manifest"
KEYWORD = "Device "


class ManifestPolls:
    """WSGI middleware around Django's application (see the module's docstring)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.answered = 0  # polls answered here, per worker process (tests read it)
        # What does not change per request, learnt once per worker through Django itself:
        # whether a request's host and scheme may be answered.
        self.shapes: dict[tuple[str | None, ...], bool] = {}
        self.ring = (0.0, "")
        self.changes = Changes()
        self.memo: dict[str, Answer] = {}
        # The settings a poll depends on, read once: settings do not change while a
        # process serves, and when a test changes one everything learnt is forgotten.
        self.config = Config.read()
        setting_changed.connect(self._settings_changed)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        if (environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET"
                or not environ.get("HTTP_IF_NONE_MATCH") or environ.get("QUERY_STRING")
                or not environ.get("HTTP_AUTHORIZATION", "").startswith(KEYWORD)):
            return self.app(environ, start_response)
        etag = self._unchanged(environ)
        if etag is None:
            return self.app(environ, start_response)
        self.answered += 1
        start_response("304 Not Modified", [
            ("ETag", etag), ("Cache-Control", "private, no-cache"),
            ("Vary", "Authorization"), ("X-Content-Type-Options", "nosniff"),
        ])  # fmt: skip
        return []

    def _unchanged(self, environ: dict[str, Any]) -> str | None:
        """The ETag to answer 304 with, or None for Django to answer."""
        if self.config.published or not self._shape_allowed(environ):
            return None  # published manifests: Django's answer carries their URL (§4.5)
        header = environ["HTTP_AUTHORIZATION"]
        sent = environ["HTTP_IF_NONE_MATCH"]
        stamp = self._stamp()
        # Remembered under the credential as it was sent: a poll answered from memory
        # needs neither its hash nor a query. (Only in this process's memory, which
        # holds the signing key too; the database keeps nothing but the hash.)
        kept = self.memo.get(header) if stamp is not None else None
        if kept is None or kept.stamp != stamp or kept.ring != self._ring() \
                or clock.timestamp() >= kept.fresh_until:
            token = header[len(KEYWORD):].strip()
            if not token.startswith(credentials.TOKEN_PREFIX) or len(token) > 100:
                return None
            kept = self._read_between_connections(environ, credentials.digest(token), stamp)
            if stamp is not None:
                self._remember(header, kept)
        if kept is None or (sent != kept.etag and not api.etag_matches(sent, kept.etag)):
            return None
        return kept.etag

    def _remember(self, header: str, answer: Answer | None) -> None:
        if answer is None:
            self.memo.pop(header, None)
            return
        if len(self.memo) > MAX_REMEMBERED:
            self.memo.clear()
        self.memo[header] = answer

    def _stamp(self) -> Stamp | None:
        """The database's change stamp where it covers everything a 304 depends on."""
        return self.changes.stamp() if self.config.memo_allowed else None

    def _settings_changed(self, **_kwargs: Any) -> None:
        self.config = Config.read()
        self.shapes = {}
        self.memo = {}

    def _read_between_connections(self, environ: dict[str, Any], token_hash: str,
                                  stamp: Stamp | None) -> Answer | None:
        close_old_connections()  # what Django does as a request starts and ends
        try:
            now = clock.now()
            return self._read(environ, token_hash, now, self._ring(), stamp)
        except DatabaseError:
            return None
        finally:
            close_old_connections()

    def _read(self, environ: dict[str, Any], token_hash: str, now: dt.datetime,
              ring: str, stamp: Stamp | None) -> Answer | None:
        """The full check, from the database and the caches (see the module's docstring):
        the device's answer, or None. The stamp was taken before it, so a memo can only
        be older than a change, never newer."""
        with connection.cursor() as cursor:
            cursor.execute(DEVICE_SQL, [token_hash])
            found = cursor.fetchone()
        if found is None:
            return None
        pk, version, unit_id, cluster_id = found
        if api.rate(api.FETCH) != "off" and api.over_rate(
                WSGIRequest(environ), api.FETCH, api.device_key(pk)):
            return None
        key = manifest.cache_key(pk, token_hash, unit_id, cluster_id, ring)
        current = manifest.cached(key, version, now)
        if current is None:
            return None
        return Answer(stamp, ring, current.etag, current.fresh_until.timestamp())

    def _shape_allowed(self, environ: dict[str, Any]) -> bool:
        """A host Django accepts, and HTTPS where Django would redirect to it."""
        shape = tuple(map(environ.get, self.config.shape_keys))
        allowed = self.shapes.get(shape)
        if allowed is None:
            request = WSGIRequest(environ)
            try:
                request.get_host()
                allowed = request.is_secure() or not settings.SECURE_SSL_REDIRECT
            except DisallowedHost:
                allowed = False
            if len(self.shapes) > MAX_REMEMBERED:
                self.shapes.clear()
            self.shapes[shape] = allowed
        return allowed

    def _ring(self) -> str:
        """``key_ring.ring_id`` (it reads the key files), learnt again every second."""
        expires, ring = self.ring
        if time.monotonic() >= expires:
            ring = key_ring.ring_id(clock.now())
            self.ring = (time.monotonic() + 1.0, ring)
        return ring


@dataclass(frozen=True)
class Answer:
    """A poll's 304: its ETag, learnt at ``stamp`` with keys ``ring``, good until
    ``fresh_until`` (POSIX seconds, as ``clock.timestamp()``)."""

    stamp: Stamp | None
    ring: str
    etag: str
    fresh_until: float


@dataclass(frozen=True)
class Config:
    """What the settings say about polls, read once (``ManifestPolls.config``)."""

    published: bool  # DEVICE_MANIFEST_DIR: Django's answer carries the published URL
    memo_allowed: bool  # answers may be remembered while the change stamp stands still
    shape_keys: tuple[str, ...]  # what in a request decides its host and scheme for Django

    @classmethod
    def read(cls) -> Config:
        # The manifests' generation (``freshness``) lives in the shared cache: the
        # database's change stamp sees it move only where that cache is a table of the
        # same database. A counted poll is a write, so the fetch limit must be off.
        shared_in_database = settings.CACHES["shared"]["BACKEND"].endswith("db.DatabaseCache")
        proxy = settings.SECURE_PROXY_SSL_HEADER
        return cls(
            published=bool(settings.DEVICE_MANIFEST_DIR),
            memo_allowed=shared_in_database and api.rate(api.FETCH) == "off",
            shape_keys=(*SHAPE_KEYS, *([proxy[0]] if proxy else [])),
        )


MAX_REMEMBERED = 100_000
SHAPE_KEYS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "HTTP_X_FORWARDED_HOST",
              "HTTP_X_FORWARDED_PORT", "wsgi.url_scheme")
_table = Device._meta.db_table
DEVICE_SQL = (
    f"SELECT id, manifest_version, unit_id, cluster_id FROM {_table} "  # noqa: S608 - names
    "WHERE token_hash = %s AND revoked_at IS NULL"
)

