"""Offline alerts: a device silent for longer than ``DEVICE_OFFLINE_ALERT_MINUTES``
(default 15) is announced once to its unit's officers (in the app and by e-mail,
``core.notifications``), and once more when it is heard from again. The notices
of one run are grouped per unit: a mass outage (the broker down) sends each unit one
notice listing its silent devices, not one per device; outages stay per device.

``check_offline`` is a periodic job (``BroadcastConfig.periodic``, every minute).
The scheduler's claims run it once at a time; besides, the database allows one open
``DeviceOutage`` per device, so two runs racing each other still alert once.

It also writes the status changes heartbeats imply (silent → offline at its last
sign of life; heard again → online), so devices that report over HTTP only, or
whose last will was lost, count in uptime as those with an MQTT status do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.monitor_models import DeviceOutage, DeviceStatusChange
from tincoso.core import clock
from tincoso.core.env import env_int
from tincoso.core.notifications import notify
from tincoso.units.models import Membership, Role, Unit

# Who hears about a unit's devices: those who manage them there.
WATCHERS = (Role.OFFICER, Role.EDITOR, Role.ADMIN)


def offline_after() -> dt.timedelta:
    return dt.timedelta(minutes=max(1, env_int("DEVICE_OFFLINE_ALERT_MINUTES", 15)))


def watchers_of(unit: Unit) -> list[Any]:
    """The officers of the nearest unit at or above ``unit`` that has any."""
    members = Membership.objects.filter(unit__path__in=unit.paths_above(), role__in=WATCHERS,
                                        user__is_active=True).select_related("user", "unit")
    by_path: dict[str, list[Any]] = {}
    for m in members:
        by_path.setdefault(m.unit.path, []).append(m.user)
    if not by_path:
        return []
    return list({u.pk: u for u in by_path[max(by_path, key=len)]}.values())


def record_change(device_id: int, online: bool, at: dt.datetime) -> bool:
    """Add a status change unless the device's last known state is already ``online``."""
    last = DeviceStatusChange.objects.filter(device_id=device_id).order_by("-at", "-id") \
        .values_list("online", flat=True).first()
    if last is online:
        return False
    DeviceStatusChange.objects.create(device_id=device_id, online=online, at=at)
    return True


def _when(at: dt.datetime) -> str:
    return localtime(at).strftime("%H:%M %d/%m/%Y")


def _tell_unit(unit: Unit, lines: list[tuple[Device, str]], one: str, many: str) -> None:
    """One notice (and e-mail) for a unit's devices that changed in one run: a mass
    outage (the broker down) lists its devices instead of mailing once per device."""
    if len(lines) == 1:
        device, body = lines[0]
        notify(watchers_of(unit), one % {"name": device.name}, body,
               reverse("device-detail", args=[device.pk]))
        return
    subject = many % {"count": len(lines), "unit": unit.name}
    body = "\n".join(f"- {text}" for _device, text in lines)
    notify(watchers_of(unit), subject, body, reverse("device-list"))


def _open(device: Device, now: dt.datetime) -> str | None:
    """Open the device's outage; the line that announces it, or None if another run
    opened it meanwhile (the database allows one open outage per device)."""
    assert device.last_seen is not None
    try:
        with transaction.atomic():
            DeviceOutage.objects.create(device=device, since=device.last_seen, alerted_at=now)
            record_change(device.pk, False, device.last_seen)
    except IntegrityError:
        return None
    minutes = int((now - device.last_seen).total_seconds() // 60)
    return _("%(name)s (%(unit)s) không liên lạc từ %(since)s (%(minutes)s phút).") % {
        "name": device.name, "unit": device.unit.name, "minutes": minutes,
        "since": _when(device.last_seen)}


def _back_at(device: Device, outage: DeviceOutage) -> dt.datetime:
    """When it was heard again: its MQTT status if that says so, else its last heartbeat."""
    changed = device.mqtt_changed_at
    if device.mqtt_online and changed is not None and changed > outage.since:
        return changed
    assert device.last_seen is not None
    return device.last_seen


def _close(outage: DeviceOutage, now: dt.datetime) -> str | None:
    """End the outage; the line that says the device is back, "" when nobody is told
    (revoked while silent), None if another run ended it meanwhile."""
    device = outage.device
    revoked = device.revoked_at is not None
    back = now if revoked else _back_at(device, outage)
    with transaction.atomic():
        if not DeviceOutage.objects.filter(pk=outage.pk, ended_at__isnull=True) \
                .update(ended_at=back):
            return None
        if revoked:
            return ""
        record_change(device.pk, True, back)
    minutes = int((back - outage.since).total_seconds() // 60)
    return _("%(name)s (%(unit)s) liên lạc lại lúc %(back)s sau %(minutes)s phút.") % {
        "name": device.name, "unit": device.unit.name, "minutes": minutes,
        "back": _when(back)}


def _by_unit(devices: Any, step: Any) -> dict[int, tuple[Unit, list[tuple[Device, str]]]]:
    """Apply ``step`` to each (device, x) and group the announced lines by unit."""
    groups: dict[int, tuple[Unit, list[tuple[Device, str]]]] = {}
    for device, x in devices:
        line = step(x)
        if line is not None:
            groups.setdefault(device.unit_id, (device.unit, []))[1].append((device, line))
    return groups


def _first_heard(now: dt.datetime) -> None:
    """A device heard from that has no status change yet (one that reports over HTTP
    only) starts its uptime at its last heartbeat; later changes come from outages."""
    fresh = Device.objects.filter(
        revoked_at__isnull=True, last_seen__gte=now - offline_after()
    ).exclude(pk__in=DeviceStatusChange.objects.values("device_id")).values_list(
        "pk", "last_seen")
    DeviceStatusChange.objects.bulk_create(
        [DeviceStatusChange(device_id=pk, online=True, at=seen) for pk, seen in fresh
         if seen is not None])


def check_offline(now: dt.datetime | None = None) -> dict[str, int]:
    """Open an outage (and alert) for each newly silent device, close those heard from
    again (and say so). Idempotent: running it twice at once changes nothing more."""
    now = now or clock.now()
    silent = Device.objects.filter(
        revoked_at__isnull=True, last_seen__lt=now - offline_after()
    ).exclude(token_hash="").exclude(
        pk__in=DeviceOutage.objects.filter(ended_at__isnull=True).values("device_id")
    ).select_related("unit")
    _first_heard(now)
    with transaction.atomic():  # the outages and their notices stand or fall together
        opened = _by_unit(((d, d) for d in silent), lambda d: _open(d, now))
        for unit, lines in opened.values():
            _tell_unit(unit, lines, _("Thiết bị mất liên lạc: %(name)s"),
                       _("%(count)s thiết bị mất liên lạc (%(unit)s)"))
    ending = DeviceOutage.objects.filter(ended_at__isnull=True).select_related("device__unit")
    back = [(o.device, o) for o in ending
            if o.device.revoked_at is not None
            or (o.device.last_seen is not None and o.device.last_seen > o.since)]
    with transaction.atomic():
        closed = _by_unit(back, lambda o: _close(o, now))
        for unit, lines in closed.values():
            told = [(d, text) for d, text in lines if text]
            if told:
                _tell_unit(unit, told, _("Thiết bị đã liên lạc lại: %(name)s"),
                           _("%(count)s thiết bị đã liên lạc lại (%(unit)s)"))
    return {"opened": sum(len(lines) for _u, lines in opened.values()),
            "closed": sum(len(lines) for _u, lines in closed.values())}
