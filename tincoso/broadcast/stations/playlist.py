"""What a station or cluster plays: ``playlist(target, at, horizon)`` is exactly what a
device fetches (issue 14 serves it; nothing else decides what plays).

    playlist(station_or_cluster, at, horizon=24h) -> list[Play]

Each :class:`Play` says: ``bulletin_id``, ``title``, ``start`` (aware, in the
station's time zone), ``seconds`` (the audio's duration), ``end``, ``priority``
(``normal`` / ``priority`` / ``emergency``), ``source`` (the code of the unit that
sent it), ``own`` (True when that unit is the station's unit or below it),
``audio_sha256`` (of the audio file the device must play; it checks what it
downloaded against it), ``kind`` (``programme`` or ``schedule``) and, for
programme plays, ``programme_id``. Plays are sorted by ``start``; the list holds
every play still running at ``at`` or starting before ``at + horizon``.

How the order is decided (TT 39/2020), deterministically from the records, so
every device and every call at any moment agree:
1. **Emergency** plays (schedule rows of priority ``emergency``, from an offer or
   the operator) start at their time, one after another in order of start and
   then of offer; nothing else plays while one does.
2. Then the rest by requested start: each **programme** at its slot's start with
   its entries in order (priority entries first, in the operator's order; then the
   others, normal bulletins accepted from the inbox among them), a gap of the
   station's ``gap_seconds`` between two entries; **scheduled** one-off or
   repeated plays at their times. A play never starts before the previous one
   ended, and never overlaps an emergency: one that would is played in full
   after it (so an emergency preempts whatever plays, and the interrupted
   bulletin plays again from its start once the emergency is over).
3. A cluster plays its station's list without the bulletins offered only to
   other clusters (villages); an inactive cluster plays nothing.
4. Only playable bulletins (approved, audio rendered) appear: a bulletin withdrawn
   after it was scheduled drops out at once. A cancelled schedule keeps the plays
   before its cancellation.
The time zone is the station's (Asia/Ho_Chi_Minh has no daylight saving, but every
time stays aware).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations import inbox, programmes
from tincoso.broadcast.stations.models import (
    Cluster,
    Entry,
    Offer,
    Priority,
    Programme,
    Schedule,
    Station,
)

DEFAULT_HORIZON = dt.timedelta(hours=24)
MAX_HORIZON = dt.timedelta(days=31)
# A block (a programme, a play) that began this long before the window still counts.
LOOKBACK = dt.timedelta(hours=6)


@dataclass(frozen=True)
class Play:
    bulletin_id: int
    title: str
    start: dt.datetime
    seconds: float
    priority: str
    source: str
    own: bool
    audio_sha256: str
    kind: str
    programme_id: int | None = None
    source_id: int = field(default=0, compare=False)

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.seconds)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bulletin_id": self.bulletin_id,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "seconds": self.seconds,
            "priority": self.priority,
            "source": self.source,
            "own": self.own,
            "audio_sha256": self.audio_sha256,
            "kind": self.kind,
            "programme_id": self.programme_id,
        }


_SHA: dict[tuple[int, str], str] = {}


def audio_sha256(bulletin: Bulletin) -> str:
    """The SHA-256 of the bulletin's audio file (cached: approved audio does not change
    in place; a new rendering is a new file name)."""
    key = (bulletin.pk, bulletin.audio.name or "")
    if key not in _SHA:
        digest = hashlib.sha256()
        with bulletin.audio.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
        _SHA[key] = digest.hexdigest()
    return _SHA[key]


@dataclass
class _Block:
    """Bulletins asked to play back to back from ``start``."""

    start: dt.datetime
    order: tuple[Any, ...]
    items: list[tuple[Bulletin, str, int | None]]  # bulletin, priority, offer id
    kind: str
    programme_id: int | None = None


def _allowed(offer_id: int | None, cluster: Cluster | None, targets: dict[int, set[int]]) -> bool:
    if cluster is None or offer_id is None:
        return True
    chosen = targets.get(offer_id)
    return not chosen or cluster.pk in chosen


def _programme_blocks(
    station: Station, since: dt.datetime, until: dt.datetime
) -> tuple[list[_Block], list[Entry]]:
    found = programmes.occurrences(station, since, until)
    if not found:
        return [], []
    days = {day for _slot, day in found}
    rows = Programme.objects.filter(slot__station=station, date__in=days).prefetch_related(
        Prefetch("entries", queryset=Entry.objects.select_related("bulletin__unit", "offer")
                 .order_by("-priority", "position", "id")))  # fmt: skip
    by_key = {(p.slot_id, p.date): p for p in rows}
    blocks, entries = [], []
    for slot, day in found:
        programme = by_key.get((slot.pk, day))
        if programme is None:
            continue
        items = []
        for entry in programme.entries.all():
            entries.append(entry)
            priority = entry.offer.priority if entry.offer else (
                Priority.PRIORITY if entry.priority else Priority.NORMAL)
            items.append((entry.bulletin, priority, entry.offer_id))
        start = programmes.slot_start(slot, day)
        blocks.append(_Block(start, (start, 1, slot.pk), items, "programme", programme.pk))
    return blocks, entries


def _schedule_blocks(
    station: Station, since: dt.datetime, until: dt.datetime
) -> tuple[list[_Block], list[_Block]]:
    rows = (
        Schedule.objects.filter(station=station, starts_at__lt=until)
        .filter(Q(until__isnull=True, starts_at__gte=since) | Q(until__gte=since))
        .select_related("bulletin__unit", "offer", "station")
    )
    emergencies, others = [], []
    for schedule in rows:
        offered = schedule.offer.offered_at if schedule.offer else schedule.created_at
        for moment in inbox.expand(schedule):
            if not since <= moment < until:
                continue
            if schedule.cancelled_at is not None and moment >= schedule.cancelled_at:
                continue
            item = (schedule.bulletin, schedule.priority, schedule.offer_id)
            if schedule.priority == Priority.EMERGENCY:
                block = _Block(moment, (moment, offered, schedule.pk), [item], "schedule")
                emergencies.append(block)
            else:
                rank = 0 if schedule.priority == Priority.PRIORITY else 1
                others.append(_Block(moment, (moment, 0, rank, schedule.pk), [item], "schedule"))
    return emergencies, others


def _play(station: Station, block: _Block, item: tuple[Bulletin, str, int | None],
          start: dt.datetime) -> Play:
    bulletin, priority, _offer = item
    tz = programmes.zone(station)
    return Play(
        bulletin_id=bulletin.pk, title=bulletin.title, start=start.astimezone(tz),
        seconds=float(bulletin.duration or 0), priority=priority, source=bulletin.unit.code,
        own=bulletin.unit.is_within(station.unit), audio_sha256=audio_sha256(bulletin),
        kind=block.kind, programme_id=block.programme_id, source_id=bulletin.unit_id,
    )  # fmt: skip


def timeline(
    station: Station, since: dt.datetime, until: dt.datetime, cluster: Cluster | None = None
) -> list[Play]:
    """Every play of ``station`` (or ``cluster``) among blocks asked to start in
    [since − LOOKBACK, until), placed by the rules in the module docstring."""
    since = since - LOOKBACK
    programme_blocks, entries = _programme_blocks(station, since, until)
    emergencies, scheduled = _schedule_blocks(station, since, until)
    offer_ids = {e.offer_id for e in entries if e.offer_id} | {
        i[2] for b in emergencies + scheduled for i in b.items if i[2]}
    targets: dict[int, set[int]] = {}
    if cluster is not None and offer_ids:
        through = Offer.clusters.through.objects.filter(offer_id__in=offer_ids)
        for offer_id, cluster_id in through.values_list("offer_id", "cluster_id"):
            targets.setdefault(offer_id, set()).add(cluster_id)

    def keep(item: tuple[Bulletin, str, int | None]) -> bool:
        return item[0].playable and _allowed(item[2], cluster, targets)

    plays: list[Play] = []
    busy: list[tuple[dt.datetime, dt.datetime]] = []
    cursor: dt.datetime | None = None
    for block in sorted(emergencies, key=lambda b: b.order):
        for item in filter(keep, block.items):
            start = block.start if cursor is None else max(block.start, cursor)
            play = _play(station, block, item, start)
            plays.append(play)
            busy.append((play.start, play.end))
            cursor = play.end
    ends = [end for _begin, end in busy]
    gap = dt.timedelta(seconds=station.gap_seconds)
    cursor = None
    for block in sorted(programme_blocks + scheduled, key=lambda b: b.order):
        moment = block.start if cursor is None else max(block.start, cursor)
        first = True
        for item in filter(keep, block.items):
            if not first:
                moment += gap
            first = False
            length = dt.timedelta(seconds=float(item[0].duration or 0))
            # Past every emergency it would overlap (they are sorted and disjoint).
            i = bisect.bisect_right(ends, moment)
            while i < len(busy) and busy[i][0] < moment + length:
                moment = max(moment, busy[i][1])
                i += 1
            play = _play(station, block, item, moment)
            plays.append(play)
            moment = play.end
        cursor = moment
    return sorted(plays, key=lambda p: (p.start, p.priority != Priority.EMERGENCY))


def playlist(
    target: Station | Cluster, at: dt.datetime, horizon: dt.timedelta = DEFAULT_HORIZON
) -> list[Play]:
    """What ``target`` plays from ``at`` for ``horizon``: plays still running at ``at``
    and those starting before ``at + horizon`` (see the module docstring)."""
    if at.tzinfo is None:
        raise ValueError("at must be aware")
    horizon = min(max(horizon, dt.timedelta(0)), MAX_HORIZON)
    if isinstance(target, Cluster):
        if not target.active:
            return []
        station, cluster = target.station, target
    else:
        station, cluster = target, None
    until = at + horizon
    return [p for p in timeline(station, at, until, cluster) if p.end > at and p.start < until]
