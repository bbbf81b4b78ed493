"""The inbox of a station, by the three priorities of Thông tư 39/2020/TT-BTTTT.

A unit offers one of its approved, playable bulletins downward (``offer``):
- it reaches the stations of its own subtree and of every subtree it guides for
  dispatch (guidance links: a provincial board reaches the communes it guides);
- a commune (or a village under it) offering to its own station may name some of
  its clusters (villages): only those play it.

Then, at each station:
- **normal** waits in the inbox; the operator accepts it into a programme (the next
  one by default; at the end of its other entries, refused if it would not fit) or
  declines it with a reason;
- **priority** is placed at once in the next programme, among its priority entries
  (after those already there); the operator may reorder the priority entries
  (``programmes.move_entry``) but not remove it;
- **emergency** becomes a schedule row starting at once (or at the given start,
  optionally repeated): it preempts whatever plays (``playlist``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations import programmes
from tincoso.broadcast.stations.models import Cluster, Offer, Priority, Schedule, Station
from tincoso.broadcast.stations.services import StationError, require_operator
from tincoso.core import clock
from tincoso.core.errors import ConflictError, NotFoundError
from tincoso.core.text import clean_line
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_REASON = 500
MAX_PLAYS = 500
MAX_REPEAT_DAYS = 31
# What aired is recorded (aired.py); nothing may be scheduled into the past.
PAST_GRACE = dt.timedelta(minutes=5)


def target_stations(source: Unit) -> QuerySet[Station]:
    """Where an offer of ``source`` goes: the stations in its reach for dispatch (own
    subtree and guided subtrees) and the station of the commune it belongs to."""
    query = Q(unit__path__in=source.paths_above())
    for path in permissions.reach_paths(source, "dispatch"):
        query |= Q(unit__path__startswith=path)
    return Station.objects.filter(query).select_related("unit").order_by("unit__path")


@transaction.atomic
def offer(
    actor: Any,
    bulletin: Bulletin,
    priority: str,
    clusters: Iterable[Cluster] = (),
    start: dt.datetime | None = None,
    every_minutes: int | None = None,
    until: dt.datetime | None = None,
) -> list[Offer]:
    """Offer ``bulletin`` (of its own unit) to every station it reaches; returns the new
    offers (a station that already has it is skipped). ``start``/``every_minutes``/
    ``until`` apply to an emergency only."""
    source = bulletin.unit
    if actor is not None:
        permissions.require(actor, Action.DISPATCH, source)
    if priority not in Priority.values:
        raise StationError(_("Mức ưu tiên không hợp lệ."))
    programmes.require_playable(bulletin)
    chosen = list(clusters)
    stations = list(target_stations(source))
    if chosen:
        station = chosen[0].station
        if {c.station_id for c in chosen} != {station.pk} or not source.is_within(station.unit):
            raise StationError(_("Chỉ chọn cụm loa của đài thuộc đơn vị mình."))
        stations = [station]
    if not stations:
        raise StationError(_("Không có đài truyền thanh nào nhận bản tin của đơn vị này."))
    now = clock.now()
    taken = set(Offer.objects.filter(bulletin=bulletin).values_list("station_id", flat=True))
    made = []
    for station in stations:
        if station.pk in taken:
            continue
        item = Offer.objects.create(
            bulletin=bulletin, station=station, source=source, priority=priority,
            status=Offer.Status.PENDING, offered_at=now, offered_by=actor,
        )  # fmt: skip
        targeted = chosen or _village_clusters(station, source)
        if not targeted and source.pk != station.unit_id and source.is_within(station.unit):
            continue  # a village without a cluster of its own: nothing to play it on
        if targeted:
            item.clusters.set(targeted)
        if priority == Priority.PRIORITY:
            _place_priority(item)
        elif priority == Priority.EMERGENCY:
            add_schedule(None, station, bulletin, Priority.EMERGENCY, start or now,
                         every_minutes, until, offer=item, actor_for_record=actor)
            item.status = Offer.Status.SCHEDULED
            item.save(update_fields=["status"])
        made.append(item)
    if not made:
        raise ConflictError(_("Bản tin này đã được gửi đến các đài."))
    return made


def _village_clusters(station: Station, source: Unit) -> list[Cluster]:
    """A village (or other unit below the commune) reaches only its own clusters."""
    if source.pk == station.unit_id or not source.is_within(station.unit):
        return []
    return list(station.clusters.filter(village__path__startswith=source.path))


def _place_priority(item: Offer) -> None:
    found = programmes.next_occurrence(item.station, item.offered_at)
    if found is None:
        return  # no slot yet: it waits in the inbox like a normal one
    programme = programmes.programme_for(*found)
    programmes.add_entry(None, programme, item.bulletin, priority=True, offer=item,
                         allow_over=True)
    item.status = Offer.Status.PLACED
    item.save(update_fields=["status"])


def inbox(station: Station) -> QuerySet[Offer]:
    return station.offers.select_related("bulletin", "source").order_by("-offered_at", "-id")


def _pending(offer_: Offer) -> None:
    if offer_.status != Offer.Status.PENDING:
        raise ConflictError(_("Bản tin này đã được xử lý."))


@transaction.atomic
def accept(
    actor: Any, offer_: Offer, slot_id: int | None = None, day: dt.date | None = None
) -> Offer:
    """Put a waiting bulletin into a programme (the next one unless a slot and day are
    given), at the end of its other entries; refused if it would not fit."""
    offer_ = Offer.objects.select_for_update().get(pk=offer_.pk)
    station = offer_.station
    require_operator(actor, station)
    _pending(offer_)
    programmes.require_playable(offer_.bulletin)
    if slot_id is not None and day is not None:
        slot = station.slots.filter(pk=slot_id).first()
        if slot is None:
            raise NotFoundError(_("Không tìm thấy khung giờ này của đài."))
        programmes.check_date(day, clock.today())
        if not slot.runs_on(day.weekday()):
            raise StationError(_("Khung giờ %(slot)s không phát vào ngày %(day)s."),
                               slot=str(slot), day=f"{day:%d/%m/%Y}")  # fmt: skip
        if programmes.slot_end(slot, day) <= clock.now():
            raise StationError(_("Chương trình %(slot)s ngày %(day)s đã phát xong."),
                               slot=str(slot), day=f"{day:%d/%m/%Y}")  # fmt: skip
        found: tuple[Any, dt.date] | None = (slot, day)
    else:
        found = programmes.next_occurrence(station, clock.now())
    if found is None:
        raise StationError(_("Đài chưa có khung giờ phát sóng."))
    programme = programmes.programme_for(*found)
    programmes.add_entry(actor, programme, offer_.bulletin,
                         priority=offer_.priority == Priority.PRIORITY, offer=offer_)
    offer_.status = Offer.Status.ACCEPTED
    offer_.decided_at, offer_.decided_by = clock.now(), actor
    offer_.save(update_fields=["status", "decided_at", "decided_by"])
    return offer_


@transaction.atomic
def decline(actor: Any, offer_: Offer, reason: str) -> Offer:
    """Decline a normal bulletin, saying why (priority and emergency ones must play)."""
    offer_ = Offer.objects.select_for_update().get(pk=offer_.pk)
    require_operator(actor, offer_.station)
    _pending(offer_)
    if offer_.priority != Priority.NORMAL:
        raise ConflictError(_("Chỉ bản tin thông thường mới được từ chối phát."))
    text = clean_line(reason or "")
    if not text:
        raise StationError(_("Hãy ghi lý do không phát."))
    if len(text) > MAX_REASON:
        raise StationError(_("Lý do dài quá %(n)s ký tự."), n=MAX_REASON)
    offer_.status = Offer.Status.DECLINED
    offer_.reason = text
    offer_.decided_at, offer_.decided_by = clock.now(), actor
    offer_.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    return offer_


# --- schedules ----------------------------------------------------------------------


def expand(schedule: Schedule) -> list[dt.datetime]:
    """The concrete start times of a schedule, in the station's time zone."""
    tz = programmes.zone(schedule.station)
    first = schedule.starts_at.astimezone(tz)
    if not schedule.every_minutes or schedule.until is None:
        return [first]
    step = dt.timedelta(minutes=schedule.every_minutes)
    out: list[dt.datetime] = []
    moment = first
    while moment <= schedule.until and len(out) < MAX_PLAYS:
        out.append(moment)
        moment = (moment + step).astimezone(tz)
    return out


@transaction.atomic
def add_schedule(
    actor: Any,
    station: Station,
    bulletin: Bulletin,
    priority: str,
    starts_at: dt.datetime,
    every_minutes: int | None = None,
    until: dt.datetime | None = None,
    offer: Offer | None = None,
    actor_for_record: Any = None,
) -> Schedule:
    """A one-off play, or one repeated every ``every_minutes`` until ``until``. The
    operator schedules the station's own bulletins (emergencies from above arrive
    through ``offer``)."""
    require_operator(actor, station)
    programmes.require_playable(bulletin)
    if priority not in Priority.values:
        raise StationError(_("Mức ưu tiên không hợp lệ."))
    if offer is None and not bulletin.unit.is_within(station.unit):
        raise StationError(
            _("Bản tin của đơn vị khác chỉ vào chương trình qua hộp thư của đài."))
    if starts_at.tzinfo is None:
        raise StationError(_("Thời điểm phát phải có múi giờ."))
    if starts_at < clock.now() - PAST_GRACE:
        raise StationError(_("Không thể đặt lịch phát vào thời điểm đã qua."))
    if (every_minutes is None) != (until is None):
        raise StationError(_("Lặp lại cần cả số phút giữa hai lần phát và thời điểm kết thúc."))
    if every_minutes is not None and until is not None:
        if every_minutes < 1 or every_minutes * 60 < (bulletin.duration or 0):
            raise StationError(_("Khoảng lặp phải ít nhất 1 phút và dài hơn bản tin."))
        if until <= starts_at:
            raise StationError(_("Thời điểm kết thúc lặp phải sau lúc bắt đầu."))
        if until - starts_at > dt.timedelta(days=MAX_REPEAT_DAYS):
            raise StationError(_("Lặp lại tối đa %(n)s ngày."), n=MAX_REPEAT_DAYS)
        if (until - starts_at) // dt.timedelta(minutes=every_minutes) + 1 > MAX_PLAYS:
            raise StationError(_("Lịch lặp quá %(n)s lần phát."), n=MAX_PLAYS)
    return Schedule.objects.create(
        station=station, bulletin=bulletin, priority=priority, starts_at=starts_at,
        every_minutes=every_minutes, until=until, offer=offer,
        created_by=actor if actor is not None else actor_for_record,
    )  # fmt: skip


@transaction.atomic
def cancel_schedule(actor: Any, schedule: Schedule) -> Schedule:
    """Stop a schedule's later plays (plays already aired stay recorded). An emergency
    from above is stopped by the unit that sent it, not by the station."""
    if schedule.offer is not None:
        if actor is not None:
            permissions.require(actor, Action.DISPATCH, schedule.offer.source)
    else:
        require_operator(actor, schedule.station)
    if schedule.cancelled_at is None:
        schedule.cancelled_at = clock.now()
        schedule.save(update_fields=["cancelled_at"])
    return schedule


@transaction.atomic
def stop_emergency(actor: Any, bulletin: Bulletin) -> int:
    """The sending unit stops its emergency bulletin at every station (plays already
    aired stay recorded); returns how many schedules were stopped."""
    if actor is not None:
        permissions.require(actor, Action.DISPATCH, bulletin.unit)
    running = Schedule.objects.select_for_update().filter(
        offer__bulletin=bulletin, offer__priority=Priority.EMERGENCY, cancelled_at__isnull=True)
    now = clock.now()
    stopped = 0
    for schedule in running:
        schedule.cancelled_at = now
        schedule.save(update_fields=["cancelled_at"])
        stopped += 1
    if not stopped:
        raise ConflictError(_("Bản tin khẩn cấp này không còn lịch phát nào để dừng."))
    return stopped


def running_emergencies(user: Any) -> QuerySet[Bulletin]:
    """Emergency bulletins of the units where ``user`` sends, still scheduled."""
    units = permissions.units_where(user, Action.DISPATCH)
    return Bulletin.objects.filter(
        unit__in=units, offers__priority=Priority.EMERGENCY,
        offers__schedules__cancelled_at__isnull=True,
    ).distinct().order_by("-created_at")
