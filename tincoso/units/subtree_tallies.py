"""Tallies of whole subtrees by year, quarter, month, dekad and day, kept in step with
the records they count.

A roll-up of the province over a year would otherwise read every dispatch,
feedback item and activity under it. Instead each record *contributes* a few
figures (``{"documents.received": 1, ...}``) to the day it falls on (Vietnam
time) and to its own unit; :func:`apply` adds that to the unit's rows **and to
every ancestor's rows** of the day (``SubtreeDay``), the dekad (days 1–10, 11–20,
21–end), the month (``SubtreeMonth``), the quarter and the year, so each holds the
figures of the unit's whole subtree. A roll-up of a unit reads one row per whole
year, quarter or month for the unit and for each direct child, however many
records and units lie below (the unit's own figures are its rows minus its
children's), and a month its period cuts in two from that month's shorter side
(``reports.tally_terms``).

Durations (days to acknowledge, hours to answer) are kept as histograms in
the same figures: ``"<figure>#<bin>"`` counts the durations in a bin and
``"<figure>#<bin>+"`` sums them (in seconds), so a median read from the tally is
the mean of the durations in the middle bin: exact when they are equal, and
never further than ``BIN_RATIO`` (2%) from the exact median otherwise.

Which models contribute, and what, is declared by the app that reads the
figures (``reports.contributions``) with :func:`track`; saves and deletes then keep
the tally in step through Django's signals, in the writer's transaction. Writes
that send no signals are kept honest by :class:`TalliedQuerySet`, the tracked
models' manager: ``bulk_create()`` counts what it wrote (through :func:`added`),
``update()``/``bulk_update()`` of a counted field raise :class:`TallyBypassError`,
and a bulk load inside :func:`rebuilt_after` is counted by one rebuild at its end.
Moving a unit moves its rows' figures from its old ancestors to its new ones
(:func:`moving`).
``tincoso manage rebuild_tallies`` recomputes everything from the records, and
tests check that both ways agree.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Func, IntegerField
from django.db.models.signals import post_delete, post_save, pre_save

from tincoso.units.models import (
    SubtreeDay,
    SubtreeDekad,
    SubtreeMonth,
    SubtreeQuarter,
    SubtreeYear,
    Unit,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BIN_RATIO = 1.02
_LOG_RATIO = math.log(BIN_RATIO)

Key = tuple[int, dt.date]  # (unit id, day or first day of the month)
Delta = dict[Key, Counter[str]]
Contribution = Iterable[tuple[int, dt.date, Mapping[str, int]]]


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    fields: tuple[str, ...]  # attribute names the contribution reads (``unit_id``, not ``unit``)
    contribute: Callable[[Mapping[str, Any]], Contribution]
    moment: str  # the field whose day (Vietnam time) the contribution is counted on


_tracked: dict[type[models.Model], Tracked] = {}


# --- months and durations ---------------------------------------------------------


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month ``moment`` falls in, in Vietnam time."""
    local = moment.astimezone(VN)
    return dt.date(local.year, local.month, 1)


def day_of(moment: dt.datetime) -> dt.date:
    """The day ``moment`` falls on, in Vietnam time: what a contribution is keyed by."""
    return moment.astimezone(VN).date()


def seconds_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole seconds from ``start`` to ``end``, each cut to its second first: the same
    integer the database computes (:class:`SecondsBetween`) for the same two instants."""
    return int(end.timestamp()) - int(start.timestamp())


class SecondsBetween(Func):
    """Whole seconds from ``start`` to ``end``, each cut to its second first: the same
    integer as ``seconds_between`` computes in Python."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, start: str, end: str) -> None:
        super().__init__(end, start)  # the SQL below reads ``first - second``

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=("(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER))"),
            arg_joiner=") AS INTEGER) - CAST(strftime('%%s', ",  # not %-formatted again
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM date_trunc('second', %(expressions)s))::bigint)",
            arg_joiner="))::bigint - EXTRACT(EPOCH FROM date_trunc('second', ",
            **extra,
        )


def duration_bin(figure: str, seconds: int) -> dict[str, int]:
    """The two histogram entries of one duration: its bin's count and sum."""
    seconds = max(0, int(seconds))
    minutes = seconds / 60
    index = 0 if minutes < 1 else 1 + int(math.log(minutes) / _LOG_RATIO)
    return {f"{figure}#{index}": 1, f"{figure}#{index}+": seconds}


def add_durations(bucket: Callable[[str], Counter[str]], rows: Any, figure: str) -> None:
    """Put ``(path, seconds)`` rows, counted in the database (:class:`SecondsBetween`),
    in the same histogram bins as :func:`duration_bin`, into the bucket of each path."""
    for path, seconds in rows.iterator(chunk_size=20000):
        target = bucket(path)
        for name, value in duration_bin(figure, seconds).items():
            target[name] += value


def median_seconds(figures: Mapping[str, int], figure: str) -> float | None:
    """The median duration of ``figure`` from its histogram in ``figures``, in seconds."""
    return medians(figures, [figure])[figure]


def medians(figures: Mapping[str, int], names: Iterable[str]) -> dict[str, float | None]:
    """:func:`median_seconds` of each of ``names``, reading ``figures`` once: a roll-up's
    bucket holds hundreds of bins, and one pass per median was most of its time."""
    bins: dict[str, list[tuple[int, int, int]]] = {name: [] for name in names}  # bin, n, sum
    for key, count in figures.items():
        name, sep, index = key.partition("#")
        if sep and count > 0 and name in bins and not index.endswith("+"):
            bins[name].append((int(index), count, figures.get(key + "+", 0)))
    return {name: _median(found) for name, found in bins.items()}


def _median(bins: list[tuple[int, int, int]]) -> float | None:
    total = sum(count for _, count, _ in bins)
    if not total:
        return None
    bins.sort()
    wanted = ((total - 1) // 2, total // 2)  # the middle one, or the middle two
    found: list[float] = []
    seen = 0
    for _, count, summed in bins:
        while len(found) < 2 and seen <= wanted[len(found)] < seen + count:
            found.append(summed / count)
        seen += count
        if len(found) == 2:
            break
    return (found[0] + found[1]) / 2


def mean_seconds(figures: Mapping[str, int], figure: str) -> float | None:
    """The mean duration of ``figure``, exact: the bins' sums over their counts."""
    prefix = f"{figure}#"
    count = summed = 0
    for key, value in figures.items():
        if key.startswith(prefix):
            if key.endswith("+"):
                summed += value
            else:
                count += value
    return summed / count if count else None


def shown(seconds: float | None, per: int) -> float | None:
    """A duration in the unit a figure is shown in (``per`` seconds), to two places."""
    return round(seconds / per, 2) if seconds is not None else None


def is_histogram(key: str) -> bool:
    return "#" in key


# --- declaring what counts ----------------------------------------------------------


def track(
    model: type[models.Model],
    fields: Iterable[str],
    contribute: Callable[[Mapping[str, Any]], Contribution],
    moment: str,
) -> None:
    """Keep the tally in step with ``model``: every save and delete adds the difference
    between the record's contribution after and before. ``contribute`` returns
    ``(unit id, day, figures)``, the day being that of the ``moment`` field."""
    spec = Tracked(model, tuple(fields), contribute, moment)
    _tracked[model] = spec
    uid = f"tally-{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def tracked() -> list[Tracked]:
    return list(_tracked.values())


def _values(spec: Tracked, instance: models.Model) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in spec.fields}


def _delta(spec: Tracked, rows: Iterable[Mapping[str, Any]], sign: int = 1) -> Delta:
    out: Delta = defaultdict(Counter)
    for row in rows:
        for unit_id, month, figures in spec.contribute(row):
            counter = out[(unit_id, month)]
            for name, value in figures.items():
                counter[name] += sign * value
    return out


def _before_save(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    spec = _tracked[sender]
    update_fields = kwargs.get("update_fields")
    counted = {f.removesuffix("_id") for f in spec.fields} | set(spec.fields)
    if update_fields is not None and not set(update_fields) & counted:
        instance._tally_before = False  # nothing counted changes
        return
    before = None
    if not instance._state.adding and instance.pk is not None:
        before = sender._base_manager.filter(pk=instance.pk).values(*spec.fields).first()
    instance._tally_before = before


def _after_save(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    spec = _tracked[sender]
    before = instance.__dict__.pop("_tally_before", None)
    if before is False:
        return
    delta = _delta(spec, [_values(spec, instance)])
    if before:
        for key, counter in _delta(spec, [before], sign=-1).items():
            delta[key].update(counter)
    apply(delta)


def _after_delete(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    spec = _tracked[sender]
    apply(_delta(spec, [_values(spec, instance)], sign=-1))


def added(model: type[models.Model], instances: Iterable[models.Model]) -> None:
    """Count records written without signals (``bulk_create`` does it through
    :class:`TalliedQuerySet`)."""
    spec = _tracked.get(model)
    if spec is not None and not _rebuilding.get():
        apply(_delta(spec, [_values(spec, i) for i in instances]))


class TallyBypassError(ValueError):
    """A bulk write on a tracked model that would leave the tallies behind."""


_rebuilding: ContextVar[bool] = ContextVar("tally_rebuilding", default=False)


def _refuse_counted(model: type[models.Model], fields: Iterable[str], how: str) -> None:
    spec = _tracked.get(model)
    if spec is None:
        return
    counted = {f.removesuffix("_id") for f in spec.fields} | set(spec.fields)
    touched = sorted(set(fields) & counted)
    if touched:
        raise TallyBypassError(
            f"{model._meta.label}.{how}() would change {', '.join(touched)} without the "
            "subtree tallies (it sends no signals): save() each record instead"
        )


class TalliedQuerySet(models.QuerySet[Any]):
    """The queryset of a tracked model: ``update()`` and ``bulk_update()`` of a counted
    field raise :class:`TallyBypassError` (they send no signals, so the tallies would
    silently drift), and ``bulk_create()`` counts what it wrote."""

    def update(self, **kwargs: Any) -> int:
        _refuse_counted(self.model, kwargs, "update")
        return super().update(**kwargs)

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        fields = list(fields)
        _refuse_counted(self.model, fields, "bulk_update")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        if self.model in _tracked and (
            kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts")
        ):
            raise TallyBypassError(
                f"{self.model._meta.label}.bulk_create() with conflicts skipped or updated "
                "cannot tell the subtree tallies what it wrote: create the records plainly"
            )
        made = super().bulk_create(objs, *args, **kwargs)
        added(self.model, made)
        return made


@contextmanager
def rebuilt_after() -> Iterator[None]:
    """A bulk load (a benchmark's millions of rows): ``bulk_create`` inside skips the
    record-by-record counting, and every tally is rebuilt from the records at the end."""
    token = _rebuilding.set(True)
    try:
        yield
    finally:
        _rebuilding.reset(token)
    rebuild()


# --- writing ------------------------------------------------------------------------


def _ancestry(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each unit id → its own id and every ancestor's, in two queries."""
    paths = dict(Unit.objects.filter(pk__in=set(unit_ids)).values_list("id", "path"))
    prefixes = {p for path in paths.values() for p in Unit.prefixes(path)}
    id_of = dict(Unit.objects.filter(path__in=prefixes).values_list("path", "id"))
    return {unit_id: [id_of[p] for p in Unit.prefixes(path)] for unit_id, path in paths.items()}


def _up_the_tree(delta: Delta, chains: dict[int, list[int]] | None = None) -> Delta:
    if chains is None:
        chains = _ancestry(unit_id for unit_id, _ in delta)
    out: Delta = defaultdict(Counter)
    for (unit_id, day), counter in delta.items():
        for ancestor in chains.get(unit_id, ()):
            out[(ancestor, day)].update(counter)
    return out


def _quarter_of(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def dekad_of(day: dt.date) -> dt.date:
    """The first day of the dekad ``day`` falls in: the 1st, 11th or 21st."""
    return day.replace(day=min(day.day - 1, 20) // 10 * 10 + 1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


TallyModel = (
    type[SubtreeYear]
    | type[SubtreeQuarter]
    | type[SubtreeMonth]
    | type[SubtreeDekad]
    | type[SubtreeDay]
)
Level = tuple[TallyModel, str, Callable[[dt.date], dt.date]]
# The tallies by level (what ``reports.tally_terms`` names them), each with its date
# column and the date a day's figures go to; always written in this order (concurrent
# writers lock rows in one order, never deadlock).
LEVELS: dict[str, Level] = {
    "year": (SubtreeYear, "start", lambda day: dt.date(day.year, 1, 1)),
    "quarter": (SubtreeQuarter, "start", _quarter_of),
    "month": (SubtreeMonth, "month", lambda day: day.replace(day=1)),
    "dekad": (SubtreeDekad, "start", dekad_of),
    "day": (SubtreeDay, "day", lambda day: day),
}
_TABLES: tuple[Level, ...] = tuple(LEVELS.values())
# Built from the records by ``rebuild``; the coarser ones are summed from the months.
_FROM_MONTHS, _FROM_DAYS = _TABLES[:2], _TABLES[2:]


def _grouped(days: Delta, date_of: Callable[[dt.date], dt.date]) -> Delta:
    out: Delta = defaultdict(Counter)
    for (unit_id, day), counter in days.items():
        out[(unit_id, date_of(day))].update(counter)
    return out


def apply(delta: Delta) -> None:
    """Add ``delta`` (figures per own unit and day) to those units and their ancestors,
    in the daily tally and in the monthly, quarterly and yearly ones."""
    delta = {k: c for k, c in delta.items() if any(c.values())}
    if delta:
        days = _up_the_tree(delta)
        _write({model: _grouped(days, date_of) for model, _, date_of in _TABLES})


def _write(rows: Mapping[TallyModel, Delta]) -> None:
    for attempt in range(3):
        try:
            with transaction.atomic():
                for model, column, _ in _TABLES:
                    if rows.get(model):
                        _write_once(model, column, rows[model])
            return
        except IntegrityError:  # another writer created one of the rows first: read again
            if attempt == 2:
                raise


def _write_once(model: TallyModel, column: str, rows: Delta) -> None:
    units = {unit_id for unit_id, _ in rows}
    dates = {date for _, date in rows}
    existing = {
        (row.unit_id, getattr(row, column)): row
        # Locked in one order by every writer: concurrent writers queue, never deadlock.
        for row in model.objects.select_for_update()
        .filter(unit_id__in=units, **{f"{column}__in": dates})
        .order_by("unit_id", column)
    }
    changed, created, emptied = [], [], []
    for key, counter in rows.items():
        row = existing.get(key)
        figures = dict(row.figures) if row is not None else {}
        for name, value in counter.items():
            if value:
                total = figures.get(name, 0) + value
                if total:
                    figures[name] = total
                else:
                    figures.pop(name, None)
        if row is None:
            if figures:
                created.append(model(unit_id=key[0], **{column: key[1]}, figures=figures))
        elif figures:
            row.figures = figures
            changed.append(row)
        else:
            emptied.append(row.pk)
    table = model._meta.db_table
    if changed:
        # One prepared statement for every row: Django's bulk_update builds a CASE per
        # row and costs more than the write itself for the usual handful of ancestors.
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET figures = %s{cast} WHERE id = %s",  # noqa: S608 (our table)
                [(json.dumps(row.figures), row.pk) for row in changed],
            )
    model.objects.bulk_create(created, batch_size=500)  # type: ignore[arg-type]
    if emptied:
        model.objects.filter(pk__in=emptied).delete()


@contextmanager
def moving(unit: Unit) -> Iterator[None]:
    """Wrap a move of ``unit`` (and its subtree): its figures leave the old ancestors
    and join the new ones. The unit's own rows, and its descendants', stay as they are."""
    with transaction.atomic():
        old = set(_ancestry([unit.pk])[unit.pk])
        yield
        new = set(_ancestry([unit.pk])[unit.pk])
        left, joined = old - new, new - old
        if not left and not joined:
            return
        rows: dict[TallyModel, Delta] = {}
        for model, column, _ in _TABLES:
            moved = rows[model] = defaultdict(Counter)
            for date, figures in model.objects.filter(unit=unit).values_list(column, "figures"):
                for target, sign in [*((a, -1) for a in left), *((a, 1) for a in joined)]:
                    counter = moved[(target, date)]
                    for name, value in figures.items():
                        counter[name] += sign * value
        _write(rows)


# --- rebuilding ---------------------------------------------------------------------


@transaction.atomic
def rebuild() -> int:
    """Recompute every tally row from the records, a month of records at a time (a
    province's million records never sit in memory at once); returns the number of
    monthly rows. Quarters and years are then summed from the months, a unit at a time."""
    for model, _, _ in _TABLES:
        model.objects.all().delete()
    paths = dict(Unit.objects.values_list("id", "path"))
    id_of = {path: unit_id for unit_id, path in paths.items()}
    chains = {u: [id_of[p] for p in Unit.prefixes(path)] for u, path in paths.items()}
    for since, until in _months_with_records():
        own: Delta = defaultdict(Counter)
        for spec in _tracked.values():
            values = (
                spec.model._base_manager.filter(
                    **{f"{spec.moment}__gte": since, f"{spec.moment}__lt": until}
                )
                .values_list(*spec.fields)
                .order_by()
            )
            records = (dict(zip(spec.fields, v, strict=True)) for v in values.iterator(20000))
            for key, counter in _delta(spec, records).items():
                own[key].update(counter)
        days = _up_the_tree(own, chains)
        for model, column, date_of in _FROM_DAYS:
            _insert(model, column, _grouped(days, date_of))
    sum_months()
    return SubtreeMonth.objects.count()


def sum_days() -> None:
    """The dekads' rows from the daily ones, a month of days at a time (an upgrade from
    before dekads; those there are replaced)."""
    SubtreeDekad.objects.all().delete()
    months = SubtreeDay.objects.dates("day", "month")
    for month in months:
        after = next_month(month)
        days: Delta = defaultdict(Counter)
        for unit_id, day, figures in SubtreeDay.objects.filter(
            day__gte=month, day__lt=after
        ).values_list("unit_id", "day", "figures").iterator(5000):
            days[(unit_id, day)].update(figures)
        _insert(SubtreeDekad, "start", _grouped(days, dekad_of))


def sum_months() -> None:
    """The quarterly and yearly rows from the monthly ones, one unit's at a time
    (those there are replaced)."""
    coarser = _FROM_MONTHS
    for model, _, _ in coarser:
        model.objects.all().delete()
    unit: int | None = None
    sums: dict[TallyModel, Delta] = {model: defaultdict(Counter) for model, _, _ in coarser}

    def flush() -> None:
        for model, column, _ in coarser:
            _insert(model, column, sums[model])
            sums[model] = defaultdict(Counter)

    rows = SubtreeMonth.objects.order_by("unit_id", "month").values_list(
        "unit_id", "month", "figures"
    )
    for unit_id, month, figures in rows.iterator(2000):
        if unit_id != unit:
            flush()
            unit = unit_id
        for model, _, date_of in coarser:
            sums[model][(unit_id, date_of(month))].update(figures)
    flush()


def _months_with_records() -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """[since, until) of every calendar month (Vietnam time) from the first record's to
    the last one's; records with no moment are not counted, as by the contributions."""
    bounds = [
        spec.model._base_manager.aggregate(first=models.Min(spec.moment),
                                           last=models.Max(spec.moment))
        for spec in _tracked.values()
    ]  # fmt: skip
    firsts = [b["first"] for b in bounds if b["first"] is not None]
    if not firsts:
        return
    month = month_of(min(firsts))
    last = month_of(max(b["last"] for b in bounds if b["last"] is not None))
    while month <= last:
        after = next_month(month)
        yield (
            dt.datetime.combine(month, dt.time.min, tzinfo=VN),
            dt.datetime.combine(after, dt.time.min, tzinfo=VN),
        )
        month = after


def _insert(model: TallyModel, column: str, rows: Delta) -> None:
    """New rows by one prepared statement (a rebuild writes a million daily rows)."""
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    params = []
    for (unit_id, date), counter in rows.items():
        figures = {k: v for k, v in counter.items() if v}
        if figures:
            params.append((unit_id, date.isoformat(), json.dumps(figures)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} (unit_id, {column}, figures) "  # noqa: S608
            f"VALUES (%s, %s, %s{cast})",
            params,
        )


def snapshot() -> dict[Key, dict[str, int]]:
    """Every monthly row's figures (for the tests that compare writes with a rebuild)."""
    return {(r.unit_id, r.month): r.figures for r in SubtreeMonth.objects.all() if r.figures}


def snapshot_days() -> dict[Key, dict[str, int]]:
    """Every daily row's figures, the same way."""
    return {(r.unit_id, r.day): r.figures for r in SubtreeDay.objects.all() if r.figures}


def snapshot_spans() -> dict[tuple[str, int, dt.date], dict[str, int]]:
    """Every dekad's, quarterly and yearly row's figures, the same way."""
    return {
        (model.__name__, r.unit_id, r.start): r.figures
        for model in (SubtreeDekad, SubtreeQuarter, SubtreeYear)
        for r in model.objects.all()
        if r.figures
    }
