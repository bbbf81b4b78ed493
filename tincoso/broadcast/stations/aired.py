"""What aired: the plays whose time has passed, recorded once as ``AiredPlay`` rows.

"Aired" is a play of the station's timeline (``playlist.timeline``, the same rules a
device follows) that **ended** before now. ``record_aired`` writes them, from each
station's ``aired_until`` watermark up to now; it is idempotent (one row per
station, bulletin and start) and cheap when nothing new has passed. The scheduler
runs it every minute (``BroadcastConfig.periodic``), so a dashboard never pays for a
quiet month; the roll-up still catches up any station left stale before counting.
A programme cannot be changed once its slot is over, nor a play scheduled into the
past, so what was recorded stays what the timeline says. Devices (issue 14) may
later confirm plays; these rows are where their reports would go.

Figures (``figures_into``, fed to ``reports.rollup``): ``broadcast.aired`` (plays),
``broadcast.seconds`` (their length), each also ``by_priority.<p>`` and
``by_source.own`` (the station's unit or below) / ``by_source.above``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from tincoso.broadcast.stations.models import AiredPlay, Station
from tincoso.broadcast.stations.playlist import timeline
from tincoso.core import clock

# A station not looked at for longer is caught up over this much only.
MAX_CATCH_UP = dt.timedelta(days=62)
# The roll-up catches up only stations recorded longer ago than this (one query when
# all are fresh): figures of the current minute may lag by up to this much.
FRESH_ENOUGH = dt.timedelta(seconds=60)


def record_aired(stations: Iterable[Station] | None = None, now: dt.datetime | None = None) -> int:
    """Record every play that ended up to ``now``; returns how many rows were added."""
    now = now or clock.now()
    added = 0
    for station in stations if stations is not None else Station.objects.all():
        since = max(station.aired_until or now - MAX_CATCH_UP, now - MAX_CATCH_UP)
        if since >= now:
            continue
        with transaction.atomic():
            rows = [
                AiredPlay(
                    station=station, bulletin_id=p.bulletin_id, source_id=p.source_id,
                    priority=p.priority, own=p.own, started_at=p.start,
                    seconds=round(p.seconds),
                )
                for p in timeline(station, since, now)
                if since < p.end <= now
            ]  # fmt: skip
            made = AiredPlay.objects.bulk_create(rows, ignore_conflicts=True)
            added += len(made)
            Station.objects.filter(pk=station.pk).update(aired_until=now)
            station.aired_until = now
    return added


def figures_into(
    path: str,
    since: dt.datetime,
    until: dt.datetime,
    child_len: int,
    bucket: Callable[[str], Counter[str]],
) -> None:
    """Count the aired plays of stations under ``path`` in [since, until), grouped by
    the first ``child_len`` characters of the station's unit path, into ``bucket``."""
    now = clock.now()
    stale: QuerySet[Station] = Station.objects.filter(unit__path__startswith=path).filter(
        Q(aired_until__isnull=True) | Q(aired_until__lt=now - FRESH_ENOUGH))
    record_aired(list(stale), now)
    rows = (
        AiredPlay.objects.filter(
            station__unit__path__startswith=path, started_at__gte=since, started_at__lt=until
        )
        .order_by()
        .annotate(bucket=Substr("station__unit__path", 1, child_len))
        .values("bucket", "priority", "own")
        .annotate(n=Count("pk"), seconds=Sum("seconds"))
    )
    for row in rows:
        c = bucket(row["bucket"])
        n, seconds = row["n"], row["seconds"] or 0
        side = "own" if row["own"] else "above"
        for prefix in ("broadcast", f"broadcast.by_priority.{row['priority']}",
                       f"broadcast.by_source.{side}"):
            c[f"{prefix}.aired"] += n
            c[f"{prefix}.seconds"] += seconds
