"""The retained desired state of each device (docs/device-protocol.md §9.4).

It is a function of the database: the manifest version and the volume, power and
mode officers set. ``seq`` moves (and the message is published) only when that
content changes; ``republish`` sends the current one again (the uplink worker does
it for every device when it connects, so a broker that lost its retained messages
gets them back)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.devices import manifest, mqtt_publish, signing
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock
from tincoso.core.errors import DomainError

MODES = ("normal", "silent")
POWERS = ("on", "off")


class DesiredError(DomainError):
    code = "invalid_desired_state"


def topic(device_id: int) -> str:
    return f"tcs/d/{device_id}/desired"


def content(device: Device) -> dict[str, Any]:
    version = manifest.manifest_for(device, clock.now()).version
    return {"manifest_version": version, "volume": device.desired_volume,
            "power": device.desired_power, "mode": device.desired_mode}


def update(device: Device, republish: bool = False) -> bool:
    """Publish the device's desired state (after commit) if it changed, or always
    with ``republish``; True when something is published."""
    if device.revoked_at is not None or not device.token_hash:
        return False
    body = content(device)
    digest = hashlib.sha256(signing.canonical(body)).hexdigest()
    if digest != device.desired_digest:
        Device.objects.filter(pk=device.pk).update(desired_seq=F("desired_seq") + 1,
                                                   desired_digest=digest)
        device.refresh_from_db(fields=["desired_seq", "desired_digest"])
    elif not republish:
        return False
    msg = mqtt_publish.message("desired", {"device": device.pk}, None,
                               seq=device.desired_seq, **body)
    mqtt_publish.publish(topic(device.pk), msg, retain=True)
    return True


def check(volume: Any = None, power: Any = None, mode: Any = None) -> None:
    if volume is not None and (isinstance(volume, bool) or not isinstance(volume, int)
                               or not 0 <= volume <= 100):
        raise DesiredError(_("Âm lượng phải là số nguyên từ 0 đến 100."))
    if power is not None and power not in POWERS:
        raise DesiredError(_("Nguồn phải là “on” hoặc “off”."))
    if mode is not None and mode not in MODES:
        raise DesiredError(_("Chế độ phải là “normal” hoặc “silent”."))


def set_state(device: Device, volume: int | None = None, power: str | None = None,
              mode: str | None = None) -> None:
    """Change what the device should be (checked first; nothing changes on error)."""
    check(volume, power, mode)
    fields = []
    for name, value in (("desired_volume", volume), ("desired_power", power),
                        ("desired_mode", mode)):
        if value is not None:
            setattr(device, name, value)
            fields.append(name)
    if fields:
        device.save(update_fields=fields)
    update(device)
