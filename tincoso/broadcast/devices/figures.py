"""Device figures for the roll-up (``reports.rollup``), per child subtree of ``path``
over [since, until):

- ``devices.uptime.online_s`` / ``devices.uptime.known_s``: seconds online and seconds
  whose state is known, from the status changes (``monitor_models``); a device's
  state at ``since`` is its last change before, and a device counts from its first
  change if it had none (never later than now, nor after it was revoked). The
  roll-up shows ``devices.uptime_percent``.
- ``devices.plays.scheduled``: for each enrolled loudspeaker, the plays its station's
  timeline aired (``stations.AiredPlay``) between its registration and its
  revocation; ``devices.plays.done``: its proofs of those plays completed
  (scheduled ids ``<start>-<bulletin>``, §4.2).
- ``devices.emergency.acks``, ``.within_2s``, ``.reach_ms``: devices that acknowledged
  the start of an emergency begun in the period, how many within 2 s of its start,
  and the sum of their reach times (the roll-up shows the mean,
  ``devices.emergency.reach_avg_s``).

Every function runs a fixed number of queries, however many devices or rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Substr

from tincoso.broadcast.devices.models import Device, ProofOfPlay
from tincoso.broadcast.devices.monitor_models import DeviceStatusChange
from tincoso.broadcast.devices.push_models import EmergencyAck
from tincoso.broadcast.stations.models import AiredPlay, Station
from tincoso.core import clock
from tincoso.units.models import Unit

Bucket = Callable[[str], Counter[str]]
REACH_TARGET_MS = 2000
SCHEDULED_PLAY_ID = r"^[0-9]+-[0-9]+$"


def figures_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
                 bucket: Bucket) -> None:
    until_now = min(until, clock.now())
    if since < until_now:
        uptime_into(path, since, until_now, child_len, bucket)
    plays_into(path, since, until, child_len, bucket)
    reach_into(path, since, until, child_len, bucket)


def _devices(path: str, child_len: int) -> Any:
    return Device.objects.filter(unit__path__startswith=path).order_by().annotate(
        bucket=Substr("unit__path", 1, child_len))


def uptime_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
                bucket: Bucket) -> None:
    before = DeviceStatusChange.objects.filter(device=OuterRef("pk"), at__lt=since) \
        .order_by("-at", "-id").values("online")[:1]
    devices = _devices(path, child_len).filter(created_at__lt=until).annotate(
        before=Subquery(before)).values_list("pk", "bucket", "before", "revoked_at")
    changes: dict[int, list[tuple[dt.datetime, bool]]] = defaultdict(list)
    for device_id, online, at in DeviceStatusChange.objects.filter(
            device__unit__path__startswith=path, at__gte=since, at__lt=until,
    ).order_by("device_id", "at", "id").values_list("device_id", "online", "at"):
        changes[device_id].append((at, online))
    for device_id, path_key, state, revoked_at in devices:
        end = min(until, revoked_at) if revoked_at else until
        online_s = known_s = 0.0
        moment = since
        for at, online in [*changes.get(device_id, []), (end, False)]:
            at = min(at, end)
            if state is not None and at > moment:
                known_s += (at - moment).total_seconds()
                online_s += (at - moment).total_seconds() if state else 0
            state, moment = online, max(moment, at)
        c = bucket(path_key)
        c["devices.uptime.online_s"] += round(online_s)
        c["devices.uptime.known_s"] += round(known_s)


def _paths_above(path: str) -> list[str]:
    return [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def plays_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
               bucket: Bucket) -> None:
    speakers = list(_devices(path, child_len).filter(
        kind=Device.Kind.LOUDSPEAKER, token_issued_at__isnull=False, created_at__lt=until,
    ).exclude(revoked_at__lt=since).values_list(
        "bucket", "unit__path", "cluster__station_id", "created_at", "revoked_at"))
    station_at = dict(Station.objects.filter(unit__path__in=_paths_above(path))
                      .values_list("unit__path", "pk"))
    station_at.update(Station.objects.filter(unit__path__startswith=path)
                      .values_list("unit__path", "pk"))
    rows: list[tuple[str, int, dt.datetime, dt.datetime]] = []
    for path_key, unit_path, station_id, created, revoked in speakers:
        if station_id is None:  # the station of its unit or of the nearest unit above
            station_id = next((station_at[p] for p in reversed(_paths_above(unit_path))
                               if p in station_at), None)
        if station_id is not None:
            rows.append((path_key, station_id, max(since, created),
                         min(until, revoked) if revoked else until))
    whole = dict(AiredPlay.objects.filter(
        station_id__in={r[1] for r in rows} or [0], started_at__gte=since, started_at__lt=until
    ).order_by().values("station_id").annotate(n=Count("pk")).values_list("station_id", "n"))
    partial = {r[1] for r in rows if (r[2], r[3]) != (since, until)}
    starts: dict[int, list[dt.datetime]] = defaultdict(list)
    for station_id, started in AiredPlay.objects.filter(
            station_id__in=partial or [0], started_at__gte=since, started_at__lt=until
    ).values_list("station_id", "started_at"):
        starts[station_id].append(started)
    for path_key, station_id, start, end in rows:
        scheduled = whole.get(station_id, 0) if (start, end) == (since, until) else sum(
            start <= s < end for s in starts[station_id])
        bucket(path_key)["devices.plays.scheduled"] += scheduled
    done = ProofOfPlay.objects.filter(
        device__unit__path__startswith=path, started_at__gte=since, started_at__lt=until,
        status=ProofOfPlay.Status.COMPLETED, play_id__regex=SCHEDULED_PLAY_ID,
    ).order_by().annotate(bucket=Substr("device__unit__path", 1, child_len)) \
        .values("bucket").annotate(n=Count("pk")).values_list("bucket", "n")
    for path_key, n in done:
        bucket(path_key)["devices.plays.done"] += n


def reach_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
               bucket: Bucket) -> None:
    acks = EmergencyAck.objects.filter(
        status="started", device__unit__path__startswith=path,
        emergency__starts_at__gte=since, emergency__starts_at__lt=until,
    ).order_by().annotate(bucket=Substr("device__unit__path", 1, child_len)) \
        .values_list("bucket", "received_at", "emergency__starts_at")
    for path_key, received, started in acks.iterator(chunk_size=20000):
        ms = max(0, round((received - started).total_seconds() * 1000))
        c = bucket(path_key)
        c["devices.emergency.acks"] += 1
        c["devices.emergency.within_2s"] += ms < REACH_TARGET_MS
        c["devices.emergency.reach_ms"] += ms


def derived(flat: Counter[str]) -> dict[str, float]:
    """The shown figures computed from the sums above (``reports.rollup._nest``)."""
    out: dict[str, float] = {}
    if flat.get("devices.uptime.known_s"):
        out["devices.uptime_percent"] = round(
            100 * flat["devices.uptime.online_s"] / flat["devices.uptime.known_s"], 1)
    if flat.get("devices.plays.scheduled"):
        out["devices.plays.done_percent"] = round(
            100 * flat["devices.plays.done"] / flat["devices.plays.scheduled"], 1)
    if flat.get("devices.emergency.acks"):
        out["devices.emergency.reach_avg_s"] = round(
            flat["devices.emergency.reach_ms"] / flat["devices.emergency.acks"] / 1000, 2)
    return out
