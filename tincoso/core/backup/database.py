"""Copy the database out (consistently, while the app writes) and back in.

SQLite: the online backup API copies every page under one read snapshot (WAL lets
the app's writers go on meanwhile); restoring copies the archived file back into
the live one the same way, under SQLite's own write lock. PostgreSQL: pg_dump's
custom format (one snapshot of the whole database) and pg_restore in a single
transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils.translation import gettext_lazy as _

from tincoso.core.backup.errors import BackupError

ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
FILENAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def engine(alias: str = "default") -> str:
    name = ENGINES.get(connections[alias].settings_dict["ENGINE"])
    if name is None:
        raise BackupError(_("Chỉ sao lưu được SQLite và PostgreSQL."))
    return name


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: PG_BIN's, else Debian's newest (at least the server's
    version, as pg_dump requires), else the one on PATH."""
    folders = [os.environ.get("PG_BIN", "")]
    folders += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    for folder in folders:
        if folder and (Path(folder) / name).exists():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("Không tìm thấy %(tool)s (gói postgresql-client)."), tool=name)
    return found


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if settings.get(key):
            env[var] = str(settings[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The tools' own paths and our file names; the password travels in PGPASSWORD.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s thất bại: %(detail)s"),
            tool=Path(command[0]).name,
            detail=done.stderr.strip()[-500:],
        )


def dump(target: Path, alias: str = "default") -> None:
    """Write a consistent copy of the database to ``target``."""
    settings = connections[alias].settings_dict
    if engine(alias) == "sqlite":
        source = sqlite3.connect(f"file:{settings['NAME']}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # all pages in one step: one snapshot
        finally:
            copy.close()
            source.close()
        return
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          "--file", str(target)], _pg_env(settings))  # fmt: skip


def check_dump(path: Path, kind: str) -> None:
    """The archived database can be read (before anything is changed)."""
    if kind == "sqlite":
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                ok = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            raise BackupError(_("Bản sao cơ sở dữ liệu trong tệp lưu bị hỏng."))
        return
    _run([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ))


def load(path: Path, alias: str = "default") -> None:
    """Replace the database's contents with the archived copy."""
    connection = connections[alias]
    settings = connection.settings_dict
    connection.close()
    if engine(alias) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        live = sqlite3.connect(settings["NAME"], timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
        return
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "--dbname", str(settings["NAME"]),
          str(path)], _pg_env(settings))  # fmt: skip
