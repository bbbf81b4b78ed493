"""Whether anything was committed to the SQLite database since a moment: one cheap read.

SQLite's ``PRAGMA data_version`` answers, on a connection, a number that moves whenever
*another* connection (of any thread or process) commits to the database file. A
connection of our own that never writes therefore sees every commit anywhere: what a
process may keep while the number stands still is exactly what it read before.

In WAL mode the same fact is cheaper still to read where SQLite itself reads it: every
commit rewrites the WAL-index header at the start of the ``-shm`` file (the two copies
of ``WalIndexHdr``, https://www.sqlite.org/walformat.html §2.1: a change counter, the
last frame, the salts and checksums), and every reader finds commits through it. The
stamp maps that file read-only and compares the two copies as SQLite's readers do
(the writer writes the second copy, then the first; equal copies are a whole header):
a few hundred nanoseconds, no system call, no lock, and the interpreter's lock is
never let go. A request path that checks it on every request, with several threads,
no longer queues on the database (``bench devices_nginx``). The ``-shm`` file cannot
be deleted under the map: our connection stays open in WAL mode, and SQLite removes the
WAL files only when the last connection closes. Where the header cannot be read
(not WAL, a header being written, an error) the stamp is the PRAGMA's, told apart.

``Changes.stamp()`` is that number together with the file's identity (a database file
replaced by another, as a restore may do, is a change too; its identity, and the
``-shm`` file's, are looked at once a second). ``None`` means "cannot tell" (not
SQLite, or an error): keep nothing.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings

Stamp = tuple[int, int, str, int]  # the file's device and inode, how it was read, the value
_pid = os.getpid()  # this process's id, kept current across forks: no system call per stamp


def _forked() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)

PRAGMA, HEADER = "pragma", "wal-index"  # how the stamp's value was read
HEADER_SIZE = 48  # one copy of WalIndexHdr; the second follows it


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
        self.shm: mmap.mmap | None = None  # the -shm file's first page, mapped read-only
        self.shm_identity = (0, 0)
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
        shm = self.shm  # mapped only for a database file, so ``path()`` needs no asking
        if shm is not None and self.owner == _pid and time.monotonic() < self.identity_until:
            try:
                header = _header(shm)  # no lock needed: a read of shared memory
            except ValueError:  # closed by another thread meanwhile: ask under the lock
                header = None
            if header is not None:
                return (*self.identity, HEADER, header)
        path = self.path()
        if path is None:
            return None
        with self.lock:
            try:
                return self._stamp(path)
            except (OSError, ValueError, sqlite3.Error):
                self._close()
                return None

    def _stamp(self, path: str) -> Stamp:
        if time.monotonic() >= self.identity_until or self.owner != _pid:
            found = os.stat(path)
            identity = (found.st_dev, found.st_ino)
            if identity != self.identity or self.owner != _pid \
                    or self._shm_moved(path):
                self._close()
                self.identity = identity
            self.identity_until = time.monotonic() + 1.0
        opened = self.connection is None
        if self.connection is None:
            self.connection = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None,
                check_same_thread=False)
            self.owner = _pid
        # Read through the connection first: it then holds the database in WAL mode,
        # so the -shm file mapped below stays the one every writer updates. Mapped once
        # per connection: a database not in WAL keeps the PRAGMA alone on every call.
        row = self.connection.execute("PRAGMA data_version").fetchone()
        if opened:
            self._map(path)
        header = None if self.shm is None else _header(self.shm)
        if header is not None:
            return (*self.identity, HEADER, header)
        return (*self.identity, PRAGMA, int(row[0]))

    def _map(self, path: str) -> None:
        assert self.connection is not None
        if str(self.connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            return
        try:
            descriptor = os.open(f"{path}-shm", os.O_RDONLY)
        except OSError:
            return
        try:
            found = os.fstat(descriptor)
            if found.st_size < 2 * HEADER_SIZE:
                return
            self.shm = mmap.mmap(descriptor, 2 * HEADER_SIZE, prot=mmap.PROT_READ)
            self.shm_identity = (found.st_dev, found.st_ino)
        finally:
            os.close(descriptor)

    def _shm_moved(self, path: str) -> bool:
        """Whether the mapped -shm file is no longer the one at its path."""
        if self.shm is None:
            return False
        try:
            found = os.stat(f"{path}-shm")
        except OSError:
            return True
        return (found.st_dev, found.st_ino) != self.shm_identity

    def _close(self) -> None:
        if self.shm is not None:
            self.shm.close()
        self.shm = None
        if self.connection is not None and self.owner == _pid:
            self.connection.close()
        self.connection = None


def _header(shm: mmap.mmap) -> int | None:
    """The WAL-index header as one number, or None when the two copies differ (a writer
    is between them) or SQLite has not initialised it."""
    first = shm[:HEADER_SIZE]
    if first != shm[HEADER_SIZE:2 * HEADER_SIZE] or not first[12]:  # isInit
        return None
    return int.from_bytes(first, "little")
