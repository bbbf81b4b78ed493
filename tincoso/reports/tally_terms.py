"""Which subtree tally rows a roll-up reads for a period, and with which sign.

The tallies (``units.subtree_tallies``) hold each unit's subtree by year, quarter,
month, dekad (days 1–10, 11–20, 21 to the end) and day. A period is the sum of
the whole years, quarters and months inside it; a month it cuts in two is read
from its shorter side: the dekads and days inside it, or the month less the
dekads and days outside it, whichever is fewer rows (at most about six).
"""

from __future__ import annotations

import datetime as dt

from tincoso.reports.periods import Period
from tincoso.units import subtree_tallies
from tincoso.units.subtree_tallies import dekad_of, next_month

LEVELS = tuple(subtree_tallies.LEVELS)  # year, quarter, month, dekad, day
Terms = dict[str, dict[dt.date, int]]  # level → first day of each row read → +1 or -1


def terms(period: Period) -> Terms:
    out: Terms = {level: {} for level in LEVELS}
    month = period.start.replace(day=1)
    while month <= period.end:
        after = next_month(month)
        end = after - dt.timedelta(days=1)
        first, last = max(period.start, month), min(period.end, end)
        if (first, last) == (month, end):
            out["month"][month] = 1
        else:
            inside = _cover(first, last, 1)
            outside = _cover(month, first - dt.timedelta(days=1), -1)
            for level, rows in _cover(last + dt.timedelta(days=1), end, -1).items():
                outside[level].update(rows)
            outside["month"][month] = 1
            for level, rows in min(inside, outside, key=_size).items():
                out[level].update(rows)
        month = after
    months = out["month"]
    for size, level in ((12, "year"), (3, "quarter")):
        for start in sorted({m.replace(month=(m.month - 1) // size * size + 1) for m in months}):
            span = [dt.date(start.year, start.month + n, 1) for n in range(size)]
            if all(months.get(m) == 1 for m in span):
                for m in span:
                    del months[m]
                out[level][start] = 1
    return out


def _cover(first: dt.date, last: dt.date, sign: int) -> Terms:
    """Days ``first`` to ``last`` (one month's, maybe none) as whole dekads and days."""
    out: Terms = {level: {} for level in LEVELS}
    day = first
    while day <= last:
        start = dekad_of(day)
        after = next_month(day) if start.day == 21 else start + dt.timedelta(days=10)
        if day == start and after - dt.timedelta(days=1) <= last:
            out["dekad"][start] = sign
            day = after
        else:
            out["day"][day] = sign
            day += dt.timedelta(days=1)
    return out


def _size(terms: Terms) -> int:
    return sum(len(rows) for rows in terms.values())
