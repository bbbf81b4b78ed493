"""Feedback statistics: aggregates only (counts and response times), never who said what."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from tincoso.feedback.models import Category, Feedback, Status
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
    median_response_days: float | None = None
    mean_response_days: float | None = None
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
            "median_response_days": self.median_response_days,
            "mean_response_days": self.mean_response_days, "overdue_open": self.overdue_open,
        }


def rollup(unit: Unit, date_from: dt.date | None = None, date_to: dt.date | None = None,
           now: dt.datetime | None = None) -> FeedbackStats:
    """Counts by category, status, month and child unit, and response times, for the subtree."""
    qs = Feedback.objects.filter(unit__path__startswith=unit.path)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(submitted_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(submitted_at__lt=dt.datetime.combine(
            date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    result = FeedbackStats(unit.code, date_from, date_to)
    result.by_category = {c: 0 for c in Category.values}
    for row in qs.values("category").annotate(n=Count("id")):
        result.by_category[row["category"]] = row["n"]
    result.by_status = {s: 0 for s in Status.values}
    for status_row in qs.values("status").annotate(n=Count("id")):
        result.by_status[status_row["status"]] = status_row["n"]
    result.total = sum(result.by_status.values())
    result.by_month = [
        (timezone.localtime(row["month"]).strftime("%Y-%m") if timezone.is_aware(row["month"])
         else row["month"].strftime("%Y-%m"), row["n"])
        for row in qs.annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values("month").annotate(n=Count("id")).order_by("month")
    ]
    # Roll up by the unit's children: the first step of each path below the unit.
    width = len(unit.path) + Unit.steplen
    counts = {
        row["head"]: row["n"]
        for row in qs.annotate(head=Substr("unit__path", 1, width)).values("head")
        .annotate(n=Count("id"))
    }
    heads = {u.path: u for u in Unit.objects.filter(path__in=list(counts))}
    result.by_unit = sorted(
        ((heads[p].code, heads[p].name, n) for p, n in counts.items() if p in heads),
        key=lambda row: (-row[2], row[1]),
    )
    answered = qs.filter(answered_at__isnull=False)
    durations = [
        (answered_at - submitted_at).total_seconds() / 86400
        for submitted_at, answered_at in answered.values_list("submitted_at", "answered_at")
        if answered_at is not None
    ]
    result.answered = len(durations)
    result.answered_on_time = answered.filter(answered_at__lte=F("deadline")).count()
    if durations:
        result.median_response_days = round(statistics.median(durations), 1)
        result.mean_response_days = round(statistics.fmean(durations), 1)
    moment = now or timezone.now()
    result.overdue_open = qs.filter(
        Q(status__in=[Status.NEW, Status.ASSIGNED]) & Q(deadline__lt=moment)).count()
    return result
