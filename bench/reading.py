"""The loudspeaker reading normaliser: speed and exact-match score.

Figures: sentences read per second on one core over the test set of real
sentences (``tincoso/broadcast/reading/tests/sentences.jsonl``) repeated, best
of three runs (target ≥ 2,000 sentences/s); and the share of sentences read
exactly as the hand-written reading says, for the whole set, the part used
while writing the rules and the part held out; and the same share on
``heldout_general.jsonl``, sentences written by hand with abbreviations common to
every province's documents (the lexicon's generalisation check).

    .venv/bin/python -m bench reading
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tincoso.broadcast.reading import VERSION, reading

TESTS = Path(__file__).resolve().parent.parent / "tincoso/broadcast/reading/tests"
SENTENCES = TESTS / "sentences.jsonl"
GENERAL = TESTS / "heldout_general.jsonl"
REPEAT = 30


def run() -> None:
    rows = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(REPEAT):
            for text in texts:
                reading(text)
        best = min(best, time.perf_counter() - started)
    count = len(texts) * REPEAT
    print(
        f"normaliser version {VERSION}: {count / best:,.0f} sentences/s "
        f"({count} sentences, mean {sum(map(len, texts)) / len(texts):.0f} characters)"
    )
    for part in ("all", "tuning", "held-out"):
        chosen = [row for row in rows if part == "all" or row["set"] == part]
        exact = sum(reading(row["text"]) == row["reading"] for row in chosen)
        print(f"exact match, {part}: {exact}/{len(chosen)} = {exact / len(chosen):.3f}")
    general = [json.loads(line) for line in GENERAL.read_text(encoding="utf-8").splitlines()]
    exact = sum(reading(row["text"]) == row["reading"] for row in general)
    share = exact / len(general)
    print(f"exact match, general abbreviations: {exact}/{len(general)} = {share:.3f}")


if __name__ == "__main__":
    run()
