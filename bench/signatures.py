"""Signed PDFs of the shared corpus: verification time per file and suggestions vs labels.

Each PDF of ../shared/corpus is verified (pyHanko, offline, pinned roots) and its
signatures turned into suggestions; the table gives the seconds per file and whether
the suggested signer, date, number and issuer equal the labels ("—": nothing
suggested).  Rerun: ``python -m bench signatures``.
"""

from __future__ import annotations

import time


def run() -> None:
    import django

    django.setup()
    from tincoso.documents.tests.signature_corpus import CORPUS, rows, table, totals

    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return
    started = time.perf_counter()
    found = rows()
    elapsed = time.perf_counter() - started
    print(table(found))
    signed = [row for row in found if row.results]
    count = sum(len(row.results) for row in signed)
    print(f"{len(found)} PDFs, {len(signed)} signed, {count} signatures, {elapsed:.1f} s")
    print(f"  {elapsed / len(found):.2f} s a PDF, {elapsed / max(count, 1):.2f} s a signature")
    for name, (hits, suggested) in totals(found).items():
        print(f"  {name:12} {hits}/{suggested} equal to the label")
