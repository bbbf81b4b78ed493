"""Feedback statistics: aggregates only (counts and response times), never who said what.

The figures the roll-ups show too (received, by category, answered, answered late,
response times, overdue) come from ``feedback.figures``, the one definition both
read: the page and the dashboard cannot disagree. By status and by month are the
page's own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from tincoso.feedback import figures
from tincoso.feedback.models import Category, Feedback, Status
from tincoso.units import subtree_tallies
from tincoso.units.models import Unit


@dataclass
class FeedbackStats:
    unit: str
    date_from: dt.date | None
    date_to: dt.date | None
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    answered: int = 0
    answered_on_time: int = 0
    median_hours_to_answer: float | None = None
    mean_hours_to_answer: float | None = None
    overdue_open: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "total": self.total, "by_category": self.by_category, "by_status": self.by_status,
            "by_month": [{"month": m, "count": c} for m, c in self.by_month],
            "by_unit": [{"unit": code, "name": name, "count": c}
                        for code, name, c in self.by_unit],
            "answered": self.answered, "answered_on_time": self.answered_on_time,
            "median_hours_to_answer": self.median_hours_to_answer,
            "mean_hours_to_answer": self.mean_hours_to_answer, "overdue_open": self.overdue_open,
        }


def _window(unit: Unit, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(unit__path__startswith=unit.path).order_by()
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(submitted_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(submitted_at__lt=dt.datetime.combine(
            date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs


def _by_child(unit: Unit, qs: QuerySet[Feedback]) -> dict[str, Counter[str]]:
    """The shared figures per child subtree (the first step of each path below the
    unit; the unit's own items under its own path), as ``feedback.figures`` counts them."""
    width = len(unit.path) + Unit.steplen
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    figures.count_into(qs.annotate(bucket=Substr("unit__path", 1, width)), buckets.__getitem__)
    return buckets


def _month(moment: dt.datetime) -> str:
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime("%Y-%m")


def rollup(unit: Unit, date_from: dt.date | None = None, date_to: dt.date | None = None,
           now: dt.datetime | None = None) -> FeedbackStats:
    """Counts by category, status, month and child unit, and response times, for the subtree."""
    qs = _window(unit, date_from, date_to)
    buckets = _by_child(unit, qs)
    total: Counter[str] = Counter()
    for bucket in buckets.values():
        total.update(bucket)
    result = FeedbackStats(unit.code, date_from, date_to, total=total["feedback.received"])
    result.by_category = {c: total[f"feedback.by_category.{c}"] for c in Category.values}
    result.by_status = {s: 0 for s in Status.values}
    for status_row in qs.values("status").annotate(n=Count("id")):
        result.by_status[status_row["status"]] = status_row["n"]
    tz = timezone.get_current_timezone()
    result.by_month = [
        (_month(row["month"]), row["n"])
        for row in qs.annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values("month").annotate(n=Count("id")).order_by("month")
    ]
    heads = {u.path: u for u in Unit.objects.filter(path__in=list(buckets))}
    result.by_unit = sorted(
        ((heads[p].code, heads[p].name, c["feedback.received"])
         for p, c in buckets.items() if p in heads),
        key=lambda row: (-row[2], row[1]),
    )
    result.answered = total["feedback.answered"]
    result.answered_on_time = total["feedback.answered"] - total["feedback.overdue"]
    result.median_hours_to_answer = subtree_tallies.shown(
        subtree_tallies.median_seconds(total, figures.HOURS_TO_ANSWER), figures.HOUR)
    result.mean_hours_to_answer = subtree_tallies.shown(
        subtree_tallies.mean_seconds(total, figures.HOURS_TO_ANSWER), figures.HOUR)
    result.overdue_open = qs.filter(figures.overdue_now(now or timezone.now())).count()
    return result


