"""The feedback figures, defined once for every page that shows them.

The roll-ups (``reports.rollup``: dashboard, exports, API) and the feedback
statistics page read the same definitions from here:

- :func:`contribution`: what one item adds to the monthly subtree tallies
  (``reports.contributions`` registers it with ``units.subtree_tallies``);
- :func:`count_into`: the same figures counted in the database over any window,
  grouped by unit subtree; ``reports/tests/test_tallies.py`` checks, figure by
  figure (histogram bins included), that both ways agree;
- :func:`overdue_now`: the items still open past their deadline at a moment
  (``Feedback.is_overdue`` for one item). An item answered after its deadline
  stays overdue for good and is tallied as ``feedback.overdue``; one still open
  becomes overdue with time alone and is counted live.

Response times are medians (and means) of the tallies' duration histograms, in
hours: :data:`HOURS_TO_ANSWER`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, F, Q

from tincoso.feedback.models import OPEN_STATUSES
from tincoso.units import subtree_tallies
from tincoso.units.subtree_tallies import Contribution, day_of, duration_bin, seconds_between

HOURS_TO_ANSWER = "feedback.median_hours_to_answer"
HOUR = 3600
FIELDS = ("unit_id", "submitted_at", "category", "answered_at", "deadline")


def contribution(row: Mapping[str, Any]) -> Contribution:
    """A question or opinion: counted on the day it came in, at the unit handling it."""
    submitted, answered = row["submitted_at"], row["answered_at"]
    figures = {"feedback.received": 1, f"feedback.by_category.{row['category']}": 1}
    if answered is not None:
        figures["feedback.answered"] = 1
        figures.update(duration_bin(HOURS_TO_ANSWER, seconds_between(submitted, answered)))
        if row["deadline"] is not None and answered > row["deadline"]:
            figures["feedback.overdue"] = 1
    return [(row["unit_id"], day_of(submitted), figures)]


def count_into(rows: Any, bucket: Callable[[str], Counter[str]]) -> None:
    """:func:`contribution`'s figures for ``rows`` (feedback annotated with a unit-path
    ``bucket``), counted in the database and added to ``bucket(path)``."""
    for row in rows.values("bucket", "category").annotate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        late=Count("pk", filter=Q(answered_at__gt=F("deadline"))),
    ):
        c = bucket(row["bucket"])
        c["feedback.received"] += row["received"]
        c[f"feedback.by_category.{row['category']}"] += row["received"]
        c["feedback.answered"] += row["answered"]
        c["feedback.overdue"] += row["late"]
    subtree_tallies.add_durations(
        bucket,
        rows.filter(answered_at__isnull=False).values_list(
            "bucket", subtree_tallies.SecondsBetween("submitted_at", "answered_at")
        ),
        HOURS_TO_ANSWER,
    )


def overdue_now(now: dt.datetime) -> Q:
    """Items still open (new or assigned) past their deadline at ``now``."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=now)
