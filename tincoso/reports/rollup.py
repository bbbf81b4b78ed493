"""Roll-ups: the figures of a unit's subtree over a period, broken down by child unit.

This is the one place figures are rolled up; the dashboard, the exports, the
API and ``tincoso rollup`` all call :func:`rollup_for`. Feedback figures are
defined in ``feedback.figures``, which the feedback statistics page reads too. Nothing is typed in:
every figure is counted from the records themselves.

How it stays fast on a big tree: the period comes from the subtree tallies
(``units.subtree_tallies``, kept in step with every dispatch, feedback item and activity
by ``reports.contributions``): one row per whole year, quarter or month for the unit
and for each direct child, however many records lie below, and a month the period
cuts in two from its shorter side's dekads and days (``reports.tally_terms``).
Counting the records of the cut months' days instead (:func:`_edge_records`,
:data:`RECORD_EDGES`) gives the same figures, which the tests and the benchmark
check. What depends on the present
moment (overdue now) and the small sources (items, corrections) are counted
live, grouped in the database by child subtree (a prefix of the unit path).

Medians come from the tallies' duration histograms (``units.subtree_tallies``): exact
when the middle durations are equal, within 2% of the exact median otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, Q, Sum
from django.db.models.functions import Substr

from tincoso.core import clock
from tincoso.feedback import figures as feedback_figures
from tincoso.reports import contributions, tally_terms
from tincoso.reports.periods import Period
from tincoso.units import subtree_tallies
from tincoso.units.guidance import guided_roots
from tincoso.units.models import SubtreeMonth, Unit
from tincoso.units.subtree_tallies import next_month

OWN = "_own"

# Figures every roll-up shows, zero when nothing was counted.
BASE_FIGURES = (
    "documents.received",
    "documents.opened",
    "documents.acknowledged",
    "documents.done",
    "documents.overdue",
    "items.published",
    "activities.count",
    *(f"activities.audience.{a}" for a in contributions.AUDIENCE),
    "feedback.received",
    "feedback.answered",
    "feedback.overdue",
    "corrections.published",
    "broadcast.aired",
    "broadcast.seconds",
    "opinion.notes",
    "opinion.tagged",
    "opinion.corrections",
)


@dataclass
class Scope:
    """The unit rolled up and its direct children: which bucket a unit path falls in."""

    unit: Unit
    children: list[Unit]

    def __post_init__(self) -> None:
        self.child_len = len(self.unit.path) + Unit.steplen
        self.key_of_path = {c.path: c.pk for c in self.children}
        self.buckets: dict[Any, Counter[str]] = {
            key: Counter() for key in [OWN, *self.key_of_path.values()]
        }

    def bucket(self, path: str) -> Counter[str]:
        return self.buckets[self.key_of_path.get(path[: self.child_len], OWN)]


Source = Callable[[Scope, Period], None]


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


def _whole_months(period: Period) -> tuple[dt.date, dt.date] | None:
    """The first and last whole calendar months inside ``period``, if any."""
    first = period.start if period.start.day == 1 else next_month(period.start)
    after = period.end + dt.timedelta(days=1)
    end_month = after if after.day == 1 else after.replace(day=1)  # first month not fully in
    if first >= end_month:
        return None
    last = (end_month - dt.timedelta(days=1)).replace(day=1)
    return first, last


def _edges(period: Period) -> list[tuple[dt.datetime, dt.datetime]]:
    """The stretches of ``period`` outside its whole months, as [since, until) instants."""
    months = _whole_months(period)
    if months is None:
        return [(period.since, period.until)]
    first, last = months
    out = []
    if period.start < first:
        out.append((period.since, Period(first, first).since))
    after_last = next_month(last)
    if after_last <= period.end:
        out.append((Period(after_last, after_last).since, period.until))
    return out


def _tallied(scope: Scope, period: Period) -> None:
    """The whole period from the subtree tallies (``reports.tally_terms``: whole years,
    quarters and months from their rows, cut months from their shorter side's dekads
    and days): the unit's rows and each child's."""
    rows = []
    for level, signs in tally_terms.terms(period).items():
        if signs:
            model, column, _ = subtree_tallies.LEVELS[level]
            read = model.objects.filter(**{f"{column}__in": list(signs)})
            rows.append((_tally_rows(scope, read, column), signs))
    _add_rows(scope, rows)


def _whole_months_tallied(scope: Scope, period: Period) -> None:
    """Only the whole months, from the monthly tally (the way before daily tallies:
    with :func:`_edge_records` for the cut months, kept as the benchmark's yardstick)."""
    months = _whole_months(period)
    if months is not None:
        rows = SubtreeMonth.objects.filter(month__gte=months[0], month__lte=months[1])
        _add_rows(scope, [(_tally_rows(scope, rows, "month"), {})])


def _tally_rows(scope: Scope, rows: Any, column: str) -> Any:
    return rows.filter(unit_id__in=[scope.unit.pk, *scope.key_of_path.values()]).values_list(
        "unit_id", column, "figures"
    )


def _add_rows(scope: Scope, reads: list[tuple[Any, dict[dt.date, int]]]) -> None:
    """Sum tally rows into the buckets: each child's rows into its bucket, the unit's
    own rows less its children's into ``OWN``. Sums go into plain dicts first: a
    province's month row holds thousands of histogram bins, and ``Counter``'s
    missing-key hook, in Python, was half the time of a year's roll-up."""
    sums: dict[int, dict[str, int]] = {}

    def add(rows: Iterable[tuple[int, dt.date, dict[str, int]]], sign: dict[dt.date, int]) -> None:
        for unit_id, date, figures in rows:
            target = sums.setdefault(unit_id, {})
            get = target.get
            if sign.get(date, 1) == 1:
                for name, value in figures.items():
                    target[name] = get(name, 0) + value
            else:
                for name, value in figures.items():
                    target[name] = get(name, 0) - value

    for rows, signs in reads:
        add(rows, signs)
    own = scope.buckets[OWN]
    own.update(sums.pop(scope.unit.pk, {}))
    for unit_id, figures in sums.items():
        scope.buckets[unit_id].update(figures)
        own.subtract(figures)


def _in_window(
    model: type[Model],
    unit_field: str,
    time_field: str,
    scope: Scope,
    since: dt.datetime,
    until: dt.datetime,
) -> Any:
    return (
        model._base_manager.filter(
            **{
                f"{unit_field}__path__startswith": scope.unit.path,
                f"{time_field}__gte": since,
                f"{time_field}__lt": until,
            }
        )
        .order_by()
        .annotate(bucket=Substr(f"{unit_field}__path", 1, scope.child_len))
    )  # fmt: skip


def _records_between(scope: Scope, windows: Iterable[tuple[dt.datetime, dt.datetime]]) -> None:
    """Count the tallied models' records in ``windows`` in the database, grouped by
    child subtree, giving exactly the figures ``reports.contributions`` contributes (the tests
    compare both ways on random data); only durations come back one by one, as whole
    seconds, to be put in the same histogram bins."""
    from tincoso.documents.models import Dispatch
    from tincoso.feedback.models import Feedback
    from tincoso.outreach.models import Activity

    for since, until in windows:
        dispatches = _in_window(Dispatch, "recipient", "sent_at", scope, since, until)
        for row in dispatches.values("bucket").annotate(
            received=Count("pk"),
            opened=Count("pk", filter=Q(opened_at__isnull=False)),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            done=Count("pk", filter=Q(done_at__isnull=False)),
        ):
            c = scope.bucket(row["bucket"])
            for key in ("received", "opened", "acknowledged", "done"):
                c[f"documents.{key}"] += row[key]
        acknowledged = dispatches.filter(acknowledged_at__isnull=False)
        subtree_tallies.add_durations(
            scope.bucket,
            acknowledged.values_list(
                "bucket", subtree_tallies.SecondsBetween("sent_at", "acknowledged_at")
            ),
            contributions.DAYS_TO_ACKNOWLEDGE,
        )
        subtree_tallies.add_durations(
            scope.bucket,
            acknowledged.filter(done_at__isnull=False).values_list(
                "bucket", subtree_tallies.SecondsBetween("sent_at", "done_at")
            ),
            contributions.DAYS_TO_FINISH,
        )

        feedback_figures.count_into(
            _in_window(Feedback, "unit", "submitted_at", scope, since, until), scope.bucket
        )

        activities = _in_window(Activity, "unit", "starts_at", scope, since, until)
        sums = {name: Sum(f"audience_{name}") for name in contributions.AUDIENCE}
        for row in activities.values("bucket", "form").annotate(n=Count("pk"), **sums):
            c = scope.bucket(row["bucket"])
            c["activities.count"] += row["n"]
            c[f"activities.by_form.{row['form']}"] += row["n"]
            for name in contributions.AUDIENCE:
                c[f"activities.audience.{name}"] += row[name] or 0


def _edge_records(scope: Scope, period: Period) -> None:
    """The cut months at either end, from the records of those days."""
    _records_between(scope, _edges(period))


def records_only(scope: Scope, period: Period) -> None:
    """The whole period from the records, no tallies: slow, and the tests' yardstick."""
    _records_between(scope, [(period.since, period.until)])


def _counts(scope: Scope, rows: Any, unit_field: str) -> Any:
    """``(bucket, COUNT(*))`` of ``rows`` per child subtree, grouped in the database
    (``*``, not the primary key, which PostgreSQL's indexes do not hold: an index
    holding the filtered columns then answers alone)."""
    return (
        rows.filter(**{f"{unit_field}__path__startswith": scope.unit.path})
        .order_by()
        .annotate(bucket=Substr(f"{unit_field}__path", 1, scope.child_len))
        .values("bucket")
        .annotate(n=Count("*"))
        .values_list("bucket", "n")
    )


def _grouped(scope: Scope, rows: Any, unit_field: str, figure: str) -> None:
    """Add ``COUNT(*)`` of ``rows`` per child subtree to ``figure``."""
    for path, n in _counts(scope, rows, unit_field):
        scope.bucket(path)[figure] += n


def overdue_counts(scope: Scope, period: Period) -> dict[str, Any]:
    """The live counts of :func:`_overdue_now`, by figure, as grouped queries (read
    from the indexes made for them: ``dispatch_unacknowledged`` and
    ``feedback_open_cover``, which the tests check the plans use)."""
    from tincoso.documents.models import Dispatch
    from tincoso.feedback.models import Feedback

    now = clock.now()
    window = {"sent_at__gte": period.since, "sent_at__lt": period.until}
    dispatches = Dispatch.objects.filter(acknowledged_at__isnull=True, deadline__lt=now, **window)
    feedback = Feedback.objects.filter(
        feedback_figures.overdue_now(now),
        submitted_at__gte=period.since,
        submitted_at__lt=period.until,
    )
    return {
        "documents.overdue": _counts(scope, dispatches, "recipient"),
        "feedback.overdue": _counts(scope, feedback, "unit"),
    }


def _overdue_now(scope: Scope, period: Period) -> None:
    """Directives not acknowledged and feedback still open past their deadline, now
    (``feedback.figures.overdue_now``)."""
    for figure, counts in overdue_counts(scope, period).items():
        for path, n in counts:
            scope.bucket(path)[figure] += n


def _items(scope: Scope, period: Period) -> None:
    from tincoso.publishing.models import Item

    rows = (
        Item.objects.filter(
            unit__path__startswith=scope.unit.path,
            published_at__gte=period.since,
            published_at__lt=period.until,
            status__in=["published", "withdrawn", "archived"],
        )
        .order_by()
        .annotate(bucket=Substr("unit__path", 1, scope.child_len))
        .values("bucket", "kind", "language")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        c = scope.bucket(row["bucket"])
        c["items.published"] += row["n"]
        c[f"items.by_type.{row['kind']}"] += row["n"]
        c[f"items.by_language.{row['language']}"] += row["n"]


def _corrections(scope: Scope, period: Period) -> None:
    from tincoso.feedback.models import Correction

    _grouped(
        scope,
        Correction.objects.filter(
            first_published_at__gte=period.since, first_published_at__lt=period.until
        ),
        "unit",
        "corrections.published",
    )


def _broadcast(scope: Scope, period: Period) -> None:
    """Loudspeaker plays aired in the period (``broadcast.stations.aired``): counts and
    seconds, by TT 39 priority and by source level (the station's own unit or above)."""
    from tincoso.broadcast.stations.aired import figures_into

    figures_into(scope.unit.path, period.since, period.until, scope.child_len, scope.bucket)


def _devices(scope: Scope, period: Period) -> None:
    """Loudspeakers and boards (``broadcast.devices.figures``): uptime, plays done vs
    scheduled, emergency reach time."""
    from tincoso.broadcast.devices.figures import figures_into

    figures_into(scope.unit.path, period.since, period.until, scope.child_len, scope.bucket)


def _opinion(scope: Scope, period: Period) -> None:
    """Opinion notes, confirmed topics and corrections answering them
    (``opinion.figures``): counts by unit and topic only, never by author."""
    from tincoso.opinion.figures import figures_into

    figures_into(scope.unit.path, period.since, period.until, scope.child_len, scope.bucket)


def _access(scope: Scope, period: Period) -> None:
    """Requests for information (``access.figures``): received, settled on time or late,
    overdue, refused; counts by unit only, never by requester."""
    from tincoso.access.figures import figures_into

    figures_into(scope.unit.path, period.since, period.until, scope.child_len, scope.bucket)


LIVE: list[Source] = [_overdue_now, _items, _corrections, _broadcast, _devices, _opinion,
                      _access]
SOURCES: list[Source] = [_tallied, *LIVE]
# The way before daily tallies: cut months counted from the records of their days.
RECORD_EDGES: list[Source] = [_whole_months_tallied, _edge_records, *LIVE]


# --- folding --------------------------------------------------------------------


def _nest(flat: Counter[str]) -> dict[str, Any]:
    """``{"documents.received": 3}`` → ``{"documents": {"received": 3}}``, medians added,
    histograms left out."""
    out: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    for key in BASE_FIGURES:
        put(key, 0)
    for key in sorted(k for k, v in flat.items() if v and not subtree_tallies.is_histogram(k)):
        put(key, flat[key])
    medians = subtree_tallies.medians(flat, contributions.MEDIANS)
    for figure, seconds in contributions.MEDIANS.items():
        put(figure, subtree_tallies.shown(medians[figure], seconds))
    from tincoso.broadcast.devices.figures import derived

    for key, value in derived(flat).items():
        put(key, value)
    return out


def _scoped(unit: Unit, period: Period, sources: Iterable[Source] | None) -> Scope:
    """Every source counted into the buckets of ``unit`` and its direct children."""
    unit.refresh_from_db()
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    )
    scope = Scope(unit, children)
    for source in sources if sources is not None else SOURCES:
        source(scope, period)
    return scope


def _total(scope: Scope) -> Counter[str]:
    total: Counter[str] = Counter()
    for bucket in scope.buckets.values():
        total.update(bucket)
    return total


def flat_figures(
    unit: Unit, period: Period, sources: Iterable[Source] | None = None
) -> dict[Any, Counter[str]]:
    """Every bucket's figures as counted, histogram bins included (for the tests that
    compare the tallies with the records figure by figure)."""
    return {key: +bucket for key, bucket in _scoped(unit, period, sources).buckets.items()}


def rollup_for(unit: Unit, period: Period, sources: Iterable[Source] | None = None) -> Rollup:
    """The figures of ``unit``'s subtree over ``period``, and of each child's subtree.

    The unit's own records (not its children's) are reported as ``own``; the
    totals are own + every child, so a parent's totals can be checked against
    its children's.
    """
    scope = _scoped(unit, period, sources)
    return Rollup(
        unit=unit,
        period=period,
        totals=_nest(_total(scope)),
        own=_nest(scope.buckets[OWN]),
        children=[(c, _nest(scope.buckets[c.pk])) for c in scope.children],
    )


def rollup_guided(
    unit: Unit, period: Period, sources: Iterable[Source] | None = None
) -> Rollup:
    """The figures of the subtrees ``unit`` guides for figures (guidance links), one
    row per guided unit; the totals add their counts and merge their duration
    histograms, so medians are the medians of all, not a median of medians."""
    roots = guided_roots(unit, "figures")
    total: Counter[str] = Counter()
    rows = []
    for root in roots:
        figures = _total(_scoped(root, period, sources))
        total.update(figures)
        rows.append((root, _nest(figures)))
    return Rollup(
        unit=unit, period=period, totals=_nest(total), own=_nest(Counter()), children=rows
    )
