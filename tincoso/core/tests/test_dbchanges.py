"""The SQLite change stamp: it moves on every commit by anyone else, and only then."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tincoso.core.dbchanges import Changes


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
