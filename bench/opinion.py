"""Opinion topic tagging: accuracy of the seed phrase rules on the labelled set
(``tincoso/opinion/tests/labelled_topics.jsonl``), per topic, the texts it gets
wrong with the words that misled it, and how fast it tags.

    python -m bench opinion
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

LABELLED = Path(__file__).resolve().parent.parent / "tincoso/opinion/tests/labelled_topics.jsonl"


def run() -> None:
    from tincoso.opinion.seeds import SEED_TOPICS
    from tincoso.opinion.tagging import best, rules_of

    rules = rules_of((slug, phrases) for slug, _name, phrases in SEED_TOPICS)
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong = []
    for row in rows:
        top = best(row["text"], rules)
        total[row["topic"]] += 1
        if top is not None and top.slug == row["topic"]:
            right[row["topic"]] += 1
        else:
            wrong.append((row["topic"], top.slug if top else "—", top.because if top else [],
                          row["text"]))
    n, ok = sum(total.values()), sum(right.values())
    print(f"labelled texts: {n}   rules: {len(rules)}   accuracy: {ok}/{n} = {ok / n:.1%}")
    for slug in total:
        print(f"  {slug:<12} {right[slug]}/{total[slug]}")
    for expected, got, because, text in wrong:
        print(f"  miss: {expected} → {got} {because}: {text}")
    texts = [r["text"] for r in rows] * 50
    started = time.perf_counter()
    for text in texts:
        best(text, rules)
    spent = time.perf_counter() - started
    print(f"tagging speed: {len(texts) / spent:,.0f} texts/s ({len(texts)} texts)")
