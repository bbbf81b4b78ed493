"""The roll-up's live "overdue now" counts read only the indexes made for them.

Counted at every roll-up over everything below the unit, they are most of a cut
period's time at province scale unless the database can answer from a small index
without reading table rows (``bench/rollup.py``, "open-items indexes"). The plans are
SQLite's (the default database); PostgreSQL chooses by its own statistics.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tincoso.reports.periods import Period
from tincoso.reports.rollup import Scope, overdue_counts
from tincoso.units.models import Unit

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's query plans (EXPLAIN QUERY PLAN)"
)


@pytest.mark.parametrize(
    ("figure", "index"),
    [
        ("documents.overdue", "dispatch_unacknowledged"),
        ("feedback.overdue", "feedback_open_cover"),
    ],
)
def test_the_overdue_now_counts_are_read_from_a_covering_index(
    tree: dict[str, Unit], figure: str, index: str
) -> None:
    province = tree["province"]
    scope = Scope(province, list(Unit.objects.filter(depth=2)))
    period = Period(dt.date(2025, 1, 15), dt.date(2025, 6, 14))
    plan = overdue_counts(scope, period)[figure].explain()
    assert f"USING COVERING INDEX {index} (" in plan, plan
