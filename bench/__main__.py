"""Run every benchmark module in this folder (or those named on the command line).

Each module ``bench/NAME.py`` with a ``run() -> None`` function prints its own
figures. Benchmarks never pass or fail: they report.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    here = Path(__file__).parent
    names = argv or sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name[0] != "_")
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module.run()
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
