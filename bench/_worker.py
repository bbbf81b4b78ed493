"""What the benchmarks that need a database share: a worker process per database.

A module ``bench/NAME.py`` of this kind has ``run()``, which starts itself again as
``python -m bench.NAME --worker [ARG]`` on a fresh SQLite database in a temporary
folder (:func:`on_sqlite`) and, when asked, on a throw-away PostgreSQL
(:func:`on_postgres`), and ``worker([ARG])``, which measures. Its last lines are
``if __name__ == "__main__": main(run, worker)``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def on_sqlite(module: str, *args: str, **env: str) -> None:
    """Run ``module``'s worker on a fresh SQLite database (``env`` added to the process's)."""
    with tempfile.TemporaryDirectory() as tmp:
        full = {**os.environ, "TINCOSO_VAR_DIR": tmp, **env}
        full.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", module, "--worker", *args], cwd=ROOT, env=full, check=False
        )


def on_postgres(module: str, *args: str, port: str) -> None:
    """Run ``module``'s worker on a throw-away PostgreSQL on ``port``."""
    subprocess.run(
        [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, "-m", module, "--worker",
         *args],
        cwd=ROOT,
        check=False,
        env={**os.environ, "PGTEST_PORT": port},
    )  # fmt: skip


def main(run: Callable[[], None], worker: Callable[..., Any]) -> None:
    """The module's entry point: ``--worker [ARG]`` sets Django up and measures;
    anything else runs the whole benchmark."""
    if sys.argv[1:2] == ["--worker"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
        import django

        django.setup()
        worker(*sys.argv[2:])
    else:
        run()
