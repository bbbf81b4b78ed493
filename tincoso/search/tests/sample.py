"""400 entries for PostgreSQL's search paths: common words (every other entry), one in
five, rare (one in forty); four units, a tenth for members only, two types."""

from __future__ import annotations

import datetime as dt
import random

from tincoso.core.text import fold
from tincoso.search.models import SearchEntry
from tincoso.units.models import Unit


def entries(
    tree: dict[str, Unit], first_id: int, step: dt.timedelta, seed: int
) -> list[SearchEntry]:
    """The entries, one every ``step`` from 1 January 2024 (UTC)."""
    rng = random.Random(seed)
    units = [tree["commune"], tree["village"], tree["cell-a"], tree["cell-b"]]
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    made = []
    for i in range(400):
        words = ["Tin tức"]
        if i % 2:
            words.append("thông tin cơ sở")
        if i % 5 == 0:
            words.append("bão lũ")
        if i % 40 == 7:
            words.append("nguy hiểm")
        text = " ".join(rng.sample(words, len(words)))
        made.append(
            SearchEntry(
                kind="item",
                object_id=first_id + i,
                unit=units[i % 4],
                audience="public" if i % 10 else "members",
                type=("article", "notice")[i % 3 == 0],
                published_at=start + step * i,
                title=f"Bản tin {i}",
                text=text,
                folded=fold(f"Bản tin {i}\n{text}"),
            )
        )
    return SearchEntry.objects.bulk_create(made)
