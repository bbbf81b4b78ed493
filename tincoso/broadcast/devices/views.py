"""Officers' pages: the device list with status (map-free), a device with its status
and the credential actions (new enrolment code, rotate, revoke). A code or token is
shown once, in the answer to the POST that made it, and never again."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.broadcast.boards.views import board_panel
from tincoso.broadcast.devices import commands, key_ring, manifest, services, signing
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Command
from tincoso.broadcast.stations.models import Cluster
from tincoso.broadcast.stations.services import OPERATE
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.units import permissions
from tincoso.units.models import Unit

PAGE_SIZE = 50


def _device(request: HttpRequest, pk: int) -> Device:
    device = get_object_or_404(Device.objects.select_related("unit", "cluster"), pk=pk)
    services.require_viewer(request.user, device)
    return device


def _managed_units(user: Any) -> list[Unit]:
    found: dict[int, Unit] = {}
    for action in OPERATE:
        for unit in permissions.units_where(user, action).order_by("path")[:500]:
            found[unit.pk] = unit
    return sorted(found.values(), key=lambda u: u.path)


def _managed_clusters(user: Any) -> list[Cluster]:
    found: dict[int, Cluster] = {}
    for action in OPERATE:
        qs = permissions.restrict(Cluster.objects.select_related("station"), user, action,
                                  unit_field="station__unit")
        found.update((c.pk, c) for c in qs.order_by("station_id", "name")[:500])
    return list(found.values())


@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    devices = services.devices_visible_to(request.user, request.GET)
    page = Paginator(devices, PAGE_SIZE).get_page(request.GET.get("page"))
    now = clock.now()
    units = _managed_units(request.user)
    return render(request, "broadcast/devices/list.html", {
        "rows": [(d, services.is_online(d, now)) for d in page], "page": page,
        "params": request.GET, "kinds": Device.Kind.choices, "units": units,
        "clusters": _managed_clusters(request.user) if units else [],
        "next_key": key_ring.next_key_id(),
        "lacking_key": _lacking_count(request.user),
    })  # fmt: skip


def _lacking_count(user: Any) -> int | None:
    """During a rotation, the visible devices not yet reporting the next key (§2.1)."""
    if key_ring.next_key_id() is None:
        return None
    return services.devices_visible_to(user, {"status": "missing-key"}).count()


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


@login_required
@require_POST
def device_new(request: HttpRequest) -> HttpResponse:
    p = request.POST
    unit = get_object_or_404(Unit, code=str(p.get("unit") or "")[:64])
    cluster = None
    cluster_id = _int(p.get("cluster"))
    if cluster_id:
        cluster = get_object_or_404(Cluster.objects.select_related("station__unit"),
                                    pk=cluster_id)
    device = services.save_device(request.user, unit, services.DeviceData(
        name=str(p.get("name") or ""), kind=str(p.get("kind") or ""), cluster=cluster,
        latitude=p.get("latitude"), longitude=p.get("longitude"),
        group=str(p.get("group") or ""), model=str(p.get("model") or "")))
    messages.success(request, _("Đã đăng ký thiết bị. Hãy cấp mã đăng ký để thiết bị nhận khóa."))
    return redirect("device-detail", pk=device.pk)


def _detail(request: HttpRequest, device: Device, **shown: Any) -> HttpResponse:
    return render(request, "broadcast/devices/detail.html", {
        "device": device, "online": services.is_online(device),
        "can_manage": services.can_manage(request.user, device.unit),
        "plays": device.plays.select_related("bulletin").order_by("-started_at")[:20],
        "commands": device.commands.select_related("created_by")[:30],
        "outages": device.outages.all()[:20],
        "command_kinds": Command.Kind.choices,
        "key_id": signing.key_id(), "public_pem": signing.public_key_pem(),
        "next_key": key_ring.next_key_id(),
        "device_keys": [k for k in device.reported_key_ids.split(",") if k],
        **(board_panel(device) if device.kind == Device.Kind.BOARD else {}), **shown,
    })  # fmt: skip


@login_required
def device_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _device(request, pk))


@login_required
@require_POST
def device_code(request: HttpRequest, pk: int) -> HttpResponse:
    device = _device(request, pk)
    code, row = services.new_enrolment_code(request.user, device)
    target = f"{manifest.site_root()}{reverse('device-enrol')}#code={code}"
    qr = segno.make(target, error="m").svg_inline(scale=5, border=2, title=code)
    return _detail(request, device, new_code=code, code_expires=row.expires_at, qr=qr)


@login_required
@require_POST
def device_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    device = _device(request, pk)
    token = services.rotate(request.user, device)
    return _detail(request, device, new_token=token)


@login_required
@require_POST
def device_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    device = _device(request, pk)
    if request.POST.get("confirm") != "1":
        raise DomainError(_("Hãy xác nhận thu hồi khóa của thiết bị."))
    services.revoke(request.user, device)
    messages.success(request, _("Đã thu hồi khóa: thiết bị bị từ chối ngay từ bây giờ."))
    return redirect("device-detail", pk=device.pk)




@login_required
@require_POST
def device_command(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a command (volume, power, restart, refresh, play now, screenshot)."""
    device = _device(request, pk)
    p = request.POST
    args = {"volume": _int(p.get("volume")), "power": str(p.get("power") or "") or None,
            "bulletin_id": _int(p.get("bulletin_id"))}
    row = commands.send(request.user, device, str(p.get("command") or ""), args)
    messages.success(request, _("Đã gửi lệnh “%(command)s” tới thiết bị.")
                     % {"command": row.get_command_display()})
    return redirect("device-detail", pk=device.pk)
