"""What a device needs to connect (docs/device-protocol.md §9.1): the enrolment
answer's ``mqtt`` block and ``GET /api/device/v1/mqtt``."""

from __future__ import annotations

from typing import Any

from tincoso.broadcast.devices import broker, broker_sync, dynsec, emergency
from tincoso.broadcast.devices.models import Device


def connection(device: Device, token: str | None = None) -> dict[str, Any] | None:
    """The ``mqtt`` block, or None without a broker. With the device's ``token``
    (it authenticated with it), a client the broker lost is put back first."""
    settings = broker.configured()
    if settings is None:
        return None
    if token is not None:
        broker_sync.ensure(device, token)
    return {
        "url": settings.public_url,
        "username": dynsec.device_username(device.pk),
        "client_id": dynsec.device_client_id(device.pk),
        "ca_pem": settings.ca_pem(),
        "subscriptions": [f"tcs/d/{device.pk}/#"] + [
            f"tcs/u/{u}/emergency" for u in emergency.unit_ids_above(device.unit)],
    }
