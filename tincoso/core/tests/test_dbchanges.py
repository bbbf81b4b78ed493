"""The SQLite change stamp: it moves on every commit by anyone else, and only then."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from random import Random

from tincoso.core.dbchanges import HEADER, PRAGMA, Changes


def database(path: Path) -> sqlite3.Connection:
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE IF NOT EXISTS t (x)")
    return writer


def test_the_stamp_moves_on_each_commit_of_another_connection_or_process(
        tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    writer = database(path)
    changes = Changes(path=str(path))
    first = changes.stamp()
    assert first is not None and changes.stamp() == first  # nothing committed
    writer.execute("BEGIN")
    writer.execute("INSERT INTO t VALUES (1)")
    assert changes.stamp() == first  # not committed yet
    writer.execute("COMMIT")
    second = changes.stamp()
    assert second != first
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM t')" \
        "; c.commit()"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert changes.stamp() not in (first, second)


def test_a_database_file_replaced_by_another_is_a_change(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    database(path).close()
    changes = Changes(path=str(path))
    before = changes.stamp()
    replacement = tmp_path / "restored.sqlite3"
    database(replacement).close()
    replacement.replace(path)
    changes.identity_until = 0.0  # as a second later: the file's identity is looked at again
    after = changes.stamp()
    assert after is not None and after != before


def test_no_stamp_without_a_database_file(tmp_path: Path) -> None:
    assert Changes(path=str(tmp_path / "missing" / "db.sqlite3")).stamp() is None


def test_in_wal_mode_the_stamp_is_read_from_the_wal_index_header(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    writer = database(path)
    changes = Changes(path=str(path))
    first = changes.stamp()
    assert first is not None and first[2] == HEADER  # no statement: shared memory
    assert changes.stamp() == first
    writer.execute("INSERT INTO t VALUES (1)")
    assert changes.stamp() not in (None, first)


def test_without_wal_the_stamp_is_the_pragma_and_still_moves(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")  # the default rollback journal
    changes = Changes(path=str(path))
    first = changes.stamp()
    assert first is not None and first[2] == PRAGMA
    writer.execute("INSERT INTO t VALUES (1)")
    second = changes.stamp()
    assert second is not None and second != first


def test_the_header_sees_every_commit_the_pragma_sees(tmp_path: Path) -> None:
    """Commits, checkpoints of every kind (a restarted WAL writes from its start again),
    writers closing (the last one checkpoints) and opening: whenever a reader's
    ``data_version`` moves, the stamp moves; an unchanged stamp means an unchanged
    database."""
    path = tmp_path / "db.sqlite3"
    writer = database(path)
    changes = Changes(path=str(path))
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    def version() -> int:
        return int(reader.execute("PRAGMA data_version").fetchone()[0])

    random = Random(30)  # a repeatable sequence
    seen = (changes.stamp(), version(), writer.execute("SELECT count(*) FROM t").fetchone())
    for _ in range(300):
        step = random.choice(["insert", "insert", "many", "checkpoint", "reopen", "nothing"])
        if step == "insert":
            writer.execute("INSERT INTO t VALUES (?)", [random.random()])
        elif step == "many":
            writer.execute("BEGIN")
            writer.executemany("INSERT INTO t VALUES (?)", [[i] for i in range(200)])
            writer.execute("COMMIT")
        elif step == "checkpoint":
            mode = random.choice(["PASSIVE", "FULL", "RESTART", "TRUNCATE"])
            writer.execute(f"PRAGMA wal_checkpoint({mode})")
        elif step == "reopen":
            writer.close()
            writer = sqlite3.connect(path, isolation_level=None)
        now = (changes.stamp(), version(), writer.execute("SELECT count(*) FROM t").fetchone())
        assert now[0] is not None and now[0][2] == HEADER
        if now[1] != seen[1]:
            assert now[0] != seen[0], step
        if now[0] == seen[0]:
            assert now[2] == seen[2], step
        seen = now
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1])"
                    "; c.execute('DELETE FROM t'); c.commit(); c.close()", str(path)], check=True)
    assert changes.stamp() != seen[0]


def test_a_forked_process_opens_its_own_connection_and_map(tmp_path: Path) -> None:
    """A server's workers fork after the parent may have read a stamp: the child must not
    read through the parent's connection (SQLite's are not fork-safe), and it knows it
    is another process without asking the kernel on every stamp."""
    path = tmp_path / "db.sqlite3"
    writer = database(path)
    changes = Changes(path=str(path))
    assert changes.stamp() is not None and changes.owner == os.getpid()
    parents = changes.connection
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - reported through the pipe
        try:
            stamp = changes.stamp()
            ok = stamp is not None and changes.owner == os.getpid() \
                and changes.connection is not parents and changes.shm is not None
            os.write(write, b"ok" if ok else b"no")
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    assert os.read(read, 2) == b"ok"
    os.close(read)
    assert changes.connection is parents  # the parent's own is left as it was
    writer.execute("INSERT INTO t VALUES (1)")
    assert changes.stamp() is not None
