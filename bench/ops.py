"""Backup, restore and the move to PostgreSQL on a district-sized installation.

The roll-up benchmark's generator at scale 0.1 (1,000 units, 100,000 activities,
20,000 dispatches, 10,000 feedback) into SQLite; then ``tincoso backup`` and
``tincoso restore`` on it (wall time, archive size); then, in a throwaway
PostgreSQL (scripts/with-postgres.sh), ``move-to-postgres`` from that file (rows a
second) and backup/restore with pg_dump/pg_restore.

    .venv/bin/python -m bench ops
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = 0.1


def _timed(label: str, argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - started
    print(f"  {label:28s} {took:7.1f} s", flush=True)
    return took


def _backup_restore(folder: Path, env: dict[str, str], engine: str) -> None:
    tincoso = str(Path(sys.executable).with_name("tincoso"))
    archive = folder / f"{engine}.tar.gz"
    _timed(f"{engine}: tincoso backup", [tincoso, "backup", str(archive)], env)
    print(f"  {engine}: archive size            {archive.stat().st_size / 2**20:7.1f} MiB")
    _timed(f"{engine}: tincoso restore", [tincoso, "restore", str(archive)], env)


def mover(source: str) -> None:
    """Inside with-postgres.sh: migrate, move the SQLite file in, back it up and restore."""
    import django

    django.setup()
    from django.core.management import call_command

    from tincoso.core.movedb import move

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = move(Path(source))
    took = time.perf_counter() - started
    rows = sum(c.target for c in counts)
    print(f"  move-to-postgres             {took:7.1f} s  {rows:,} rows, {rows / took:,.0f} rows/s")
    _backup_restore(Path(source).parent, dict(os.environ), "postgresql")


def run() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TINCOSO_VAR_DIR": tmp}
        env.pop("DATABASE_URL", None)
        env.pop("S3_BUCKET", None)
        subprocess.run([python, "-m", "bench.rollup", "--worker", str(SCALE)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        database = folder / "tincoso.sqlite3"
        print(f"  SQLite file                  {database.stat().st_size / 2**20:7.1f} MiB")
        _backup_restore(folder, env, "sqlite")
        subprocess.run(
            [str(ROOT / "scripts" / "with-postgres.sh"), python, "-m", "bench.ops", str(database)],
            cwd=ROOT,
            check=False,
            env={**env, "PGTEST_PORT": "54341"},
        )


if __name__ == "__main__":
    if len(sys.argv) == 2:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
        mover(sys.argv[1])
    else:
        run()
