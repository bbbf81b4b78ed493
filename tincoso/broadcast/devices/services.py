"""The device registry: who may manage which devices, and the changes they make.

Who may do what (the one gate, ``units.permissions``):
- see a device and its status: ``VIEW`` on its unit (the unit and every unit above);
- manage it (register, change, new enrolment code, rotate, revoke): the unit's
  operators as for stations, editors (``EDIT_CONTENT``) and officers
  (``ACKNOWLEDGE``), and whoever holds those above; never a sibling unit.
``actor=None`` is the system itself (demo data, commands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.devices import broker_sync, credentials, key_reach, key_ring, published
from tincoso.broadcast.devices.models import Device, EnrolmentCode
from tincoso.broadcast.stations.models import Cluster
from tincoso.broadcast.stations.services import OPERATE
from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.text import clean_line
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

ONLINE_WITHIN = dt.timedelta(minutes=3)


class DeviceError(DomainError):
    code = "invalid_device"


def can_manage(user: Any, unit: Unit) -> bool:
    return any(permissions.can(user, action, unit) for action in OPERATE)


def require_manager(actor: Any, unit: Unit) -> None:
    if actor is not None and not can_manage(actor, unit):
        raise PermissionDeniedError(
            _("Bạn không có quyền quản lý thiết bị của đơn vị “%(unit)s”."), unit=unit.name)


def require_viewer(user: Any, device: Device) -> None:
    permissions.require(user, Action.VIEW, device.unit)


def is_online(device: Device, now: dt.datetime | None = None) -> bool:
    now = now or clock.now()
    return device.last_seen is not None and now - device.last_seen <= ONLINE_WITHIN


def devices_visible_to(user: Any, params: Mapping[str, Any] | None = None) -> QuerySet[Device]:
    """Devices ``user`` may see, narrowed by ``unit`` (code, subtree), ``kind``,
    ``status`` (online / offline / revoked / missing-key) and ``group``."""
    qs = permissions.restrict(Device.objects.all(), user, Action.VIEW).select_related(
        "unit", "cluster", "playing_bulletin")
    params = params or {}
    code = str(params.get("unit") or "")
    if code:
        unit = Unit.objects.filter(code=code).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if params.get("kind") in Device.Kind.values:
        qs = qs.filter(kind=params["kind"])
    if params.get("group"):
        qs = qs.filter(group=str(params["group"])[:64])
    since = clock.now() - ONLINE_WITHIN
    status = params.get("status")
    if status == "online":
        qs = qs.filter(last_seen__gte=since, revoked_at__isnull=True)
    elif status == "offline":
        qs = qs.filter(Q(last_seen__lt=since) | Q(last_seen__isnull=True),
                       revoked_at__isnull=True)
    elif status == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    elif status == "missing-key":  # during a rotation: not yet reporting the next key
        next_id = key_ring.next_key_id()
        qs = key_reach.lacking(qs, next_id) if next_id else qs.none()
    return qs.order_by("unit__path", "name", "id")


@dataclass
class DeviceData:
    name: str
    kind: str
    cluster: Cluster | None = None
    latitude: Any = None
    longitude: Any = None
    group: str = ""
    model: str = ""


def _coordinate(raw: Any, limit: int, what: Any) -> Decimal | None:
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DeviceError(_("%(what)s không hợp lệ."), what=what) from None
    if not value.is_finite() or abs(value) > limit:
        raise DeviceError(_("%(what)s không hợp lệ."), what=what)
    return value.quantize(Decimal("0.000001"))


def _line(raw: str, limit: int, what: Any, required: bool = False) -> str:
    text = clean_line(raw or "")
    if required and not text:
        raise DeviceError(_("Hãy nhập %(what)s."), what=what)
    if len(text) > limit:
        raise DeviceError(_("%(what)s dài quá %(n)s ký tự."), what=what, n=limit)
    return text


@transaction.atomic
def save_device(actor: Any, unit: Unit, data: DeviceData, device: Device | None = None) -> Device:
    """Register a device of ``unit`` (or change one): it has no credential until it
    is enrolled with a code (``credentials.new_code``)."""
    require_manager(actor, unit)
    if device is not None and device.unit_id != unit.pk:
        require_manager(actor, device.unit)
    if data.kind not in Device.Kind.values:
        raise DeviceError(_("Loại thiết bị không hợp lệ."))
    if data.cluster is not None:
        if data.kind != Device.Kind.LOUDSPEAKER:
            raise DeviceError(_("Chỉ cụm loa mới gắn với một cụm loa của đài."))
        if not data.cluster.station.unit.is_within(unit):
            raise DeviceError(_("Cụm loa “%(cluster)s” không thuộc đơn vị này."),
                              cluster=data.cluster.name)
    moved = device is not None and device.pk is not None and device.unit_id != unit.pk
    device = device or Device()
    device.unit = unit
    device.kind = data.kind
    device.cluster = data.cluster
    device.name = _line(data.name, 255, _("tên thiết bị"), required=True)
    device.latitude = _coordinate(data.latitude, 90, _("Vĩ độ"))
    device.longitude = _coordinate(data.longitude, 180, _("Kinh độ"))
    device.group = _line(data.group, 64, _("nhóm"))
    device.model = _line(data.model, 128, _("kiểu máy"))
    device.save()
    if moved:
        broker_sync.unit_changed(device)
    return device


def new_enrolment_code(actor: Any, device: Device) -> tuple[str, EnrolmentCode]:
    require_manager(actor, device.unit)
    return credentials.new_code(device, actor)


@transaction.atomic
def rotate(actor: Any, device: Device) -> str:
    """A new credential, shown once; the old one is refused from now on."""
    require_manager(actor, device.unit)
    return credentials.issue_token(device)


@transaction.atomic
def revoke(actor: Any, device: Device) -> Device:
    """Refuse the device from its next request on, and drop its unused codes; only a
    new enrolment code (or a rotation) lets it back."""
    require_manager(actor, device.unit)
    now = clock.now()
    device.token_hash = ""
    device.revoked_at = now
    published.withdraw(device)  # nginx answers 404 from now on (§4.5)
    device.save(update_fields=["token_hash", "revoked_at", "manifest_path"])
    EnrolmentCode.objects.filter(device=device, used_at__isnull=True).update(expires_at=now)
    broker_sync.revoked(device)  # deleted from the broker (and disconnected) after commit
    return device
