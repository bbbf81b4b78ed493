"""Stations, clusters and weekly slots: the rules for making and changing them.

Who may do what (the one gate, ``units.permissions``):
- see a station, its clusters, slots, programmes and inbox: ``VIEW`` on its unit
  (the unit itself and every unit above it; never a sibling);
- operate it (clusters, slots, programmes, schedules, inbox decisions): the
  unit's editors (``EDIT_CONTENT``) and officers (``ACKNOWLEDGE``), and whoever
  holds those on a unit above;
- a guiding unit (guidance link) reaches a station only by offering bulletins
  (``inbox.offer``); it can neither see nor edit the station.
``actor=None`` is the system itself (demo data, periodic jobs).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.stations.models import Cluster, Slot, Station
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.text import clean_line
from tincoso.units import permissions
from tincoso.units.models import Unit, UnitKind
from tincoso.units.permissions import Action

OPERATE = (Action.EDIT_CONTENT, Action.ACKNOWLEDGE)
MAX_NAME = 255


class StationError(DomainError):
    code = "invalid_station"


def can_operate(user: Any, station: Station) -> bool:
    return any(permissions.can(user, action, station.unit) for action in OPERATE)


def require_operator(actor: Any, station: Station) -> None:
    if actor is not None and not can_operate(actor, station):
        raise PermissionDeniedError(
            _("Bạn không có quyền vận hành đài “%(station)s”."), station=station.name
        )


def require_viewer(user: Any, station: Station) -> None:
    permissions.require(user, Action.VIEW, station.unit)


def stations_visible_to(user: Any) -> QuerySet[Station]:
    return permissions.restrict(Station.objects.all(), user, Action.VIEW)


def operated_by(user: Any) -> QuerySet[Station]:
    """The stations ``user`` may operate."""
    query = Q(pk__in=[])
    for action in OPERATE:
        query |= Q(pk__in=permissions.restrict(Station.objects.all(), user, action))
    return Station.objects.filter(query)


def _name(raw: str, what: Any) -> str:
    name = clean_line(raw or "")
    if not name:
        raise StationError(_("Hãy nhập %(what)s."), what=what)
    if len(name) > MAX_NAME:
        raise StationError(_("%(what)s dài quá %(n)s ký tự."), what=what, n=MAX_NAME)
    return name


def _timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise StationError(_("Múi giờ không hợp lệ: %(tz)s."), tz=name[:64]) from None
    return name


@transaction.atomic
def create_station(
    actor: Any, unit: Unit, name: str, timezone: str = "Asia/Ho_Chi_Minh", gap_seconds: int = 5
) -> Station:
    """The radio station of a commune or ward (one per unit)."""
    if actor is not None:
        permissions.require(actor, Action.EDIT_CONTENT, unit)
    if unit.kind != UnitKind.COMMUNE:
        raise StationError(_("Đài truyền thanh cơ sở chỉ lập cho xã, phường, đặc khu."))
    if Station.objects.filter(unit=unit).exists():
        raise ConflictError(_("“%(unit)s” đã có đài truyền thanh."), unit=unit.name)
    if not 0 <= gap_seconds <= 120:
        raise StationError(_("Khoảng nghỉ giữa hai bản tin phải từ 0 đến 120 giây."))
    return Station.objects.create(
        unit=unit, name=_name(name, _("tên đài")), timezone=_timezone(timezone),
        gap_seconds=gap_seconds,
    )  # fmt: skip


@transaction.atomic
def update_station(actor: Any, station: Station, name: str, gap_seconds: int) -> Station:
    require_operator(actor, station)
    if not 0 <= gap_seconds <= 120:
        raise StationError(_("Khoảng nghỉ giữa hai bản tin phải từ 0 đến 120 giây."))
    station.name = _name(name, _("tên đài"))
    station.gap_seconds = gap_seconds
    station.save(update_fields=["name", "gap_seconds"])
    return station


# --- clusters ----------------------------------------------------------------------


@dataclass
class ClusterData:
    name: str
    village: Unit | None = None
    village_name: str = ""
    latitude: Any = None
    longitude: Any = None
    group: str = ""
    active: bool = True


def _coordinate(raw: Any, limit: int, what: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise StationError(_("%(what)s không phải là số."), what=what) from None
    if not value.is_finite() or not -limit <= value <= limit:
        raise StationError(
            _("%(what)s phải nằm trong khoảng −%(n)s đến %(n)s."), what=what, n=limit
        )
    return value.quantize(Decimal("0.000001"))


def _clean_cluster(station: Station, data: ClusterData) -> dict[str, Any]:
    if data.village is not None and not data.village.is_within(station.unit):
        raise StationError(
            _("Thôn, bản “%(village)s” không thuộc “%(unit)s”."),
            village=data.village.name, unit=station.unit.name,
        )  # fmt: skip
    village_name = clean_line(data.village_name or "")[:MAX_NAME]
    if data.village is not None and not village_name:
        village_name = data.village.name
    latitude = _coordinate(data.latitude, 90, _("Vĩ độ"))
    longitude = _coordinate(data.longitude, 180, _("Kinh độ"))
    if (latitude is None) != (longitude is None):
        raise StationError(_("Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."))
    return {
        "name": _name(data.name, _("tên cụm loa")),
        "village": data.village,
        "village_name": village_name,
        "latitude": latitude,
        "longitude": longitude,
        "group": clean_line(data.group or "")[:64],
        "active": bool(data.active),
    }


@transaction.atomic
def save_cluster(
    actor: Any, station: Station, data: ClusterData, cluster: Cluster | None = None
) -> Cluster:
    require_operator(actor, station)
    if cluster is not None and cluster.station_id != station.pk:
        raise StationError(_("Cụm loa không thuộc đài này."))
    values = _clean_cluster(station, data)
    if cluster is None:
        return Cluster.objects.create(station=station, **values)
    for name, value in values.items():
        setattr(cluster, name, value)
    cluster.save()
    return cluster


def clusters_visible_to(user: Any, params: Mapping[str, Any] | None = None) -> QuerySet[Cluster]:
    """Clusters the user may see, filtered by ``unit`` (a subtree code), ``village``
    (words in the village name), ``group`` and ``active`` ("1"/"0")."""
    params = params or {}
    qs = permissions.restrict(Cluster.objects.all(), user, Action.VIEW, "station__unit")
    code = (params.get("unit") or "").strip()
    if code:
        from tincoso.units.services import get_unit

        unit = get_unit(code)
        qs = qs.filter(station__unit__path__startswith=unit.path)
    village = clean_line(params.get("village") or "")
    if village:
        qs = qs.filter(village_name__icontains=village)
    group = clean_line(params.get("group") or "")
    if group:
        qs = qs.filter(group=group)
    if params.get("active") in ("1", "0"):
        qs = qs.filter(active=params["active"] == "1")
    return qs.select_related("station__unit", "village").order_by("station__name", "name", "id")


# --- slots -------------------------------------------------------------------------


def _weekdays(raw: Any) -> str:
    days = sorted({str(d).strip() for d in raw} if not isinstance(raw, str) else set(raw))
    if not days or any(d not in "0123456" or len(d) != 1 for d in days):
        raise StationError(_("Hãy chọn các ngày trong tuần (từ thứ Hai đến Chủ nhật)."))
    return "".join(days)


@transaction.atomic
def save_slot(
    actor: Any,
    station: Station,
    weekdays: Any,
    start: dt.time,
    end: dt.time,
    slot: Slot | None = None,
) -> Slot:
    """A weekly slot; refused if it ends before it starts or overlaps another slot of
    the station on a shared weekday."""
    require_operator(actor, station)
    days = _weekdays(weekdays)
    if end <= start:
        raise StationError(_("Giờ kết thúc phải sau giờ bắt đầu (trong cùng một ngày)."))
    others = Slot.objects.select_for_update().filter(station=station)
    if slot is not None:
        others = others.exclude(pk=slot.pk)
    for other in others:
        if set(other.weekdays) & set(days) and other.start < end and start < other.end:
            raise ConflictError(
                _("Khung giờ %(start)s–%(end)s trùng với khung giờ %(other)s đã có."),
                start=f"{start:%H:%M}", end=f"{end:%H:%M}", other=str(other),
            )  # fmt: skip
    made = slot or Slot(station=station)
    made.weekdays, made.start, made.end = days, start, end
    made.save()
    return made


@transaction.atomic
def delete_slot(actor: Any, slot: Slot) -> None:
    require_operator(actor, slot.station)
    slot.delete()
