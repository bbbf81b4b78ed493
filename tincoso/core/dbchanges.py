"""Whether anything was committed to the SQLite database since a moment: one cheap read.

SQLite's ``PRAGMA data_version`` answers, on a connection, a number that moves whenever
*another* connection (of any thread or process) commits to the database file. A
connection of our own that never writes therefore sees every commit anywhere: what a
process may keep while the number stands still is exactly what it read before, at
about 7 µs a check instead of a query per thing kept.

``Changes.stamp()`` is that number together with the file's identity (a database file
replaced by another, as a restore may do, is a change too; its identity is looked at
once a second). ``None`` means "cannot tell" (not SQLite, or an error): keep nothing.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings

Stamp = tuple[int, int, int]


class Changes:
    """The change stamp of the ``default`` database, from a read-only connection of its
    own in this process (opened on first use, so after a server forks its workers)."""

    def __init__(self, alias: str = "default", path: str | None = None) -> None:
        self.alias = alias
        self.lock = threading.Lock()
        self.connection: sqlite3.Connection | None = None
        self.owner = 0  # the process that opened ``connection``
        self.identity = (0, 0)
        self.identity_until = 0.0
        self._path: tuple[str | None] | None = None if path is None else (path,)

    def path(self) -> str | None:
        """The database file (settings do not change while a process serves)."""
        if self._path is None:
            self._path = (self._file(),)
        return self._path[0]

    def _file(self) -> str | None:
        database: Mapping[str, Any] = settings.DATABASES[self.alias]
        name = str(database.get("NAME") or "")
        if not database["ENGINE"].endswith("sqlite3") or not name or name == ":memory:" \
                or name.startswith("file:"):
            return None
        return name

    def stamp(self) -> Stamp | None:
        path = self.path()
        if path is None:
            return None
        with self.lock:
            try:
                return self._stamp(path)
            except (OSError, sqlite3.Error):
                self._close()
                return None

    def _stamp(self, path: str) -> Stamp:
        if time.monotonic() >= self.identity_until or self.owner != os.getpid():
            found = os.stat(path)
            identity = (found.st_dev, found.st_ino)
            if identity != self.identity or self.owner != os.getpid():
                self._close()
                self.identity = identity
            self.identity_until = time.monotonic() + 1.0
        if self.connection is None:
            self.connection = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None,
                check_same_thread=False)
            self.owner = os.getpid()
        row = self.connection.execute("PRAGMA data_version").fetchone()
        return (*self.identity, int(row[0]))

    def _close(self) -> None:
        if self.connection is not None and self.owner == os.getpid():
            self.connection.close()
        self.connection = None
