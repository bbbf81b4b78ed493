"""Document exchange: building and reading an edXML envelope whose main file is 1, 5 or
15 MB (base64 inside the XML), the time of each (median of 5 after a warm-up) and the
peak of Python memory while reading (tracemalloc). No database: the envelope alone.

    .venv/bin/python -m bench exchange
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
import tracemalloc

RUNS = 5


def run() -> None:
    import django

    django.setup()
    from tincoso.documents.exchange import building, reading
    from tincoso.documents.exchange.envelope import Edoc, File, Organ

    print(f"{'file MB':>8} {'envelope MB':>12} {'build ms':>9} {'read ms':>8} {'read peak MB':>13}")
    for megabytes in (1, 5, 15):
        data = os.urandom(megabytes * 1024 * 1024)
        edoc = Edoc(
            Organ("000.00.00.H98", "Nơi gửi"), [Organ("000.00.00.H99", "Nơi nhận")],
            "000.00.00.H98,2026/11/20,1/X", code_number="1", code_notation="X",
            subject="Thử", files=[File("a.pdf", data, "application/pdf")],
        )  # fmt: skip
        now = dt.datetime(2026, 11, 30, 10, 0)
        building.build_edoc(edoc, now)
        builds, reads = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            envelope = building.build_edoc(edoc, now)
            builds.append(time.perf_counter() - started)
            started = time.perf_counter()
            reading.read(envelope, max_bytes=64 * 1024 * 1024, max_file_bytes=20 * 1024 * 1024)
            reads.append(time.perf_counter() - started)
        tracemalloc.start()
        reading.read(envelope, max_bytes=64 * 1024 * 1024, max_file_bytes=20 * 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{megabytes:>8} {len(envelope) / 2**20:>12.1f} "
            f"{statistics.median(builds) * 1000:>9.0f} {statistics.median(reads) * 1000:>8.0f} "
            f"{peak / 2**20:>13.1f}"
        )
