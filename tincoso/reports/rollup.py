"""Roll-ups: the figures of a unit's subtree over a period, broken down by child unit.

This is the one place figures are computed; the dashboard, the exports, the
API and ``tincoso rollup`` all call :func:`rollup_for`. Nothing is typed in:
every figure is counted from the records themselves.

How it stays fast on a big tree: each source is aggregated in the database by
``unit_id`` (an indexed GROUP BY over the period), never joined row by row to the
unit tree; the few thousand per-unit rows are then folded into the child
buckets in Python with one map of the subtree's unit ids. Medians, which do not
add up, are computed from the durations themselves.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, FloatField, Func, Q, QuerySet, Sum

from tincoso.core import clock
from tincoso.reports.periods import Period
from tincoso.units.models import Unit

OWN = "_own"

# A source fills the per-unit counters and may add durations for medians:
# (unit ids subquery, period, counters[unit_id][figure], samples[unit_id][figure]).
Counters = dict[int, Counter[str]]
Samples = dict[int, dict[str, list[float]]]
Source = Callable[[QuerySet[Unit], Period, Counters, Samples], None]

MEDIANS = (
    "documents.median_days_to_acknowledge",
    "documents.median_days_to_finish",
    "feedback.median_hours_to_answer",
)


@dataclass
class Rollup:
    unit: Unit
    period: Period
    totals: dict[str, Any]
    own: dict[str, Any]
    children: list[tuple[Unit, dict[str, Any]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "period": self.period.as_dict(),
            "totals": self.totals,
            "own": self.own,
            "children": [
                {"unit": {"code": u.code, "name": u.name, "kind": u.kind}, "figures": f}
                for u, f in self.children
            ],
        }


# --- sources -------------------------------------------------------------------


class DaysBetween(Func):
    """``end - start`` in days, as a float computed by the database.

    Fetching the two datetimes and subtracting in Python costs more than the
    whole aggregate on a big tree; each backend has a cheap native form.
    """

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def _documents(units: QuerySet[Unit], period: Period, counts: Counters, samples: Samples) -> None:
    from tincoso.documents.models import Dispatch

    now = clock.now()
    rows = (
        Dispatch.objects.filter(
            recipient_id__in=units, sent_at__gte=period.since, sent_at__lt=period.until
        )
        .values("recipient_id")
        .order_by()
        .annotate(
            received=Count("id"),
            opened=Count("id", filter=Q(opened_at__isnull=False)),
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
            done=Count("id", filter=Q(done_at__isnull=False)),
            overdue=Count("id", filter=Q(deadline__lt=now, acknowledged_at__isnull=True)),
        )
    )
    for row in rows:
        c = counts[row["recipient_id"]]
        for key in ("received", "opened", "acknowledged", "done", "overdue"):
            c[f"documents.{key}"] += row[key]
    durations = (
        Dispatch.objects.filter(
            recipient_id__in=units,
            sent_at__gte=period.since,
            sent_at__lt=period.until,
            acknowledged_at__isnull=False,
        )
        .annotate(
            ack=DaysBetween("acknowledged_at", "sent_at"), fin=DaysBetween("done_at", "sent_at")
        )
        .values_list("recipient_id", "ack", "fin")
        .order_by()  # the model's default ordering would join the unit tree to sort
    )
    for unit_id, ack, fin in durations.iterator(chunk_size=20000):
        s = samples[unit_id]
        s["documents.median_days_to_acknowledge"].append(ack)
        if fin is not None:
            s["documents.median_days_to_finish"].append(fin)


def _activity_rows(units: QuerySet[Unit], since: Any, until: Any, counts: Counters) -> None:
    """Activities in [since, until) read one by one (the edges of a period)."""
    from tincoso.outreach.models import Activity

    rows = (
        Activity.objects.filter(unit_id__in=units, starts_at__gte=since, starts_at__lt=until)
        .values("unit_id", "form")
        .order_by()
        .annotate(
            n=Count("id"),
            total=Sum("audience_total"),
            members=Sum("audience_members"),
            civil=Sum("audience_civil_servants"),
            citizens=Sum("audience_citizens"),
            ethnic=Sum("audience_ethnic_minority"),
        )
    )
    for row in rows:
        c = counts[row["unit_id"]]
        c["activities.count"] += row["n"]
        c[f"activities.by_form.{row['form']}"] += row["n"]
        c["activities.audience.total"] += row["total"] or 0
        c["activities.audience.members"] += row["members"] or 0
        c["activities.audience.civil_servants"] += row["civil"] or 0
        c["activities.audience.citizens"] += row["citizens"] or 0
        c["activities.audience.ethnic_minority"] += row["ethnic"] or 0


def _activity_months(units: QuerySet[Unit], first: Any, last: Any, counts: Counters) -> None:
    """Whole months [first, last] from the monthly tally (one row per unit and month)."""
    from tincoso.outreach.tally import AUDIENCE, FORMS, ActivityMonth

    sums = {
        "count": Sum("count"),
        **{a: Sum(a) for a in AUDIENCE},
        **{f"n_{f}": Sum(f"n_{f}") for f in FORMS},
    }
    rows: Any = (
        ActivityMonth.objects.filter(unit_id__in=units, month__gte=first, month__lte=last)
        .values("unit_id")
        .order_by()
        .annotate(**sums)
    )
    for row in rows:
        c = counts[row["unit_id"]]
        c["activities.count"] += row["count"] or 0
        for form in FORMS:
            if row[f"n_{form}"]:
                c[f"activities.by_form.{form}"] += row[f"n_{form}"]
        for name in AUDIENCE:
            c[f"activities.audience.{name.removeprefix('audience_')}"] += row[name] or 0


def _activities(units: QuerySet[Unit], period: Period, counts: Counters, samples: Samples) -> None:
    """Whole months from the tally, the cut months at either end from the activities."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    after = period.end + dt.timedelta(days=1)
    end_month = after if after.day == 1 else after.replace(day=1)  # first day not fully in
    if first >= end_month:
        _activity_rows(units, period.since, period.until, counts)
        return
    _activity_months(units, first, end_month - dt.timedelta(days=1), counts)
    if period.start < first:
        _activity_rows(units, period.since, Period(first, first).since, counts)
    if end_month < after:
        _activity_rows(units, Period(end_month, end_month).since, period.until, counts)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _feedback(units: QuerySet[Unit], period: Period, counts: Counters, samples: Samples) -> None:
    from tincoso.feedback.models import Feedback

    now = clock.now()
    in_period = Feedback.objects.filter(
        unit_id__in=units, submitted_at__gte=period.since, submitted_at__lt=period.until
    )
    late = Q(deadline__lt=now, answered_at__isnull=True) | Q(answered_at__gt=F("deadline"))
    rows = (
        in_period.values("unit_id", "category")
        .order_by()
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            overdue=Count("id", filter=late),
        )
    )
    for row in rows:
        c = counts[row["unit_id"]]
        c["feedback.received"] += row["received"]
        c["feedback.answered"] += row["answered"]
        c["feedback.overdue"] += row["overdue"]
        c[f"feedback.by_category.{row['category']}"] += row["received"]
    answered = (
        in_period.filter(answered_at__isnull=False)
        .annotate(days=DaysBetween("answered_at", "submitted_at"))
        .values_list("unit_id", "days")
        .order_by()
    )
    for unit_id, days in answered.iterator(chunk_size=20000):
        samples[unit_id]["feedback.median_hours_to_answer"].append(days * 24)


def _corrections(units: QuerySet[Unit], period: Period, counts: Counters, samples: Samples) -> None:
    from tincoso.feedback.models import Correction

    rows = (
        Correction.objects.filter(
            unit_id__in=units,
            first_published_at__gte=period.since,
            first_published_at__lt=period.until,
        )
        .values("unit_id")
        .order_by()
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["unit_id"]]["corrections.published"] += row["n"]


def _items(units: QuerySet[Unit], period: Period, counts: Counters, samples: Samples) -> None:
    from tincoso.publishing.models import Item

    rows = (
        Item.objects.filter(
            unit_id__in=units,
            published_at__gte=period.since,
            published_at__lt=period.until,
            status__in=["published", "withdrawn", "archived"],
        )
        .values("unit_id", "kind", "language")
        .order_by()
        .annotate(n=Count("id"))
    )
    for row in rows:
        c = counts[row["unit_id"]]
        c["items.published"] += row["n"]
        c[f"items.by_type.{row['kind']}"] += row["n"]
        c[f"items.by_language.{row['language']}"] += row["n"]


SOURCES: list[Source] = [_documents, _items, _activities, _feedback, _corrections]


def register_source(source: Source) -> Source:
    """Sources of other apps (publishing, feedback) join the roll-up here."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


# --- folding --------------------------------------------------------------------


def _nest(flat: Counter[str], samples: dict[str, list[float]]) -> dict[str, Any]:
    """``{"documents.received": 3}`` → ``{"documents": {"received": 3}}``, medians added."""
    out: dict[str, Any] = {}
    for key in sorted(flat):
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = flat[key]
    for key in MEDIANS:
        values = samples.get(key) or []
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = round(statistics.median(values), 2) if values else None
    return out


def _merge(
    into: tuple[Counter[str], dict[str, list[float]]],
    counts: Counter[str],
    samples: dict[str, list[float]],
) -> None:
    into[0].update(counts)
    for key, values in samples.items():
        into[1].setdefault(key, []).extend(values)


def rollup_for(unit: Unit, period: Period, sources: Iterable[Source] | None = None) -> Rollup:
    """The figures of ``unit``'s subtree over ``period``, and of each child's subtree.

    The unit's own records (not its children's) are reported as ``own``; the
    totals are own + every child, so a parent's totals can be checked against
    its children's.
    """
    unit.refresh_from_db()
    subtree = Unit.objects.filter(path__startswith=unit.path)
    ids_query = subtree.values("id")
    counts: Counters = defaultdict(Counter)
    samples: Samples = defaultdict(lambda: defaultdict(list))
    for source in sources if sources is not None else SOURCES:
        source(ids_query, period, counts, samples)

    child_len = len(unit.path) + Unit.steplen
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    )
    key_of_path = {c.path: c.pk for c in children}
    buckets: dict[Any, tuple[Counter[str], dict[str, list[float]]]] = {
        key: (Counter(), {}) for key in [OWN, *key_of_path.values()]
    }
    if counts or samples:
        for unit_id, path in subtree.values_list("id", "path"):
            if unit_id in counts or unit_id in samples:
                key = key_of_path.get(path[:child_len], OWN)
                _merge(buckets[key], counts.get(unit_id, Counter()), samples.get(unit_id, {}))
    total: tuple[Counter[str], dict[str, list[float]]] = (Counter(), {})
    for bucket in buckets.values():
        _merge(total, *bucket)
    return Rollup(
        unit=unit,
        period=period,
        totals=_nest(*total),
        own=_nest(*buckets[OWN]),
        children=[(c, _nest(*buckets[c.pk])) for c in children],
    )
