"""Device credentials in the broker, kept in step with the database (§9.1, §9.8).

- Enrolment and rotation put the device's client in the broker after the commit,
  with the new token (deleting the old client first, which disconnects it); a
  revocation deletes it (disconnecting it) after the commit.
- The database keeps only the token's SHA-256, so the server cannot recreate a
  client the broker lost. ``broker_token_hash`` says which token the broker holds;
  ``reconcile`` (the uplink worker, at start and every minute) deletes every
  client the database no longer allows and forgets those the broker lost; a device
  whose MQTT connection is refused asks ``GET /api/device/v1/mqtt`` with its token,
  which puts its client back (``ensure``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from tincoso.broadcast.devices import broker, dynsec, emergency, mqtt_metrics
from tincoso.broadcast.devices.credentials import digest
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.mqtt_link import BrokerUnavailableError

log = logging.getLogger(__name__)
FAILURES = (BrokerUnavailableError, dynsec.DynsecError, OSError)


def _put(device_id: int, token: str) -> bool:
    settings = broker.configured()
    device = Device.objects.select_related("unit").filter(pk=device_id).first()
    if settings is None or device is None or device.token_hash != digest(token):
        return False
    try:
        with dynsec.Control(settings) as control:
            control.put_device(device.pk, token, emergency.unit_ids_above(device.unit))
    except FAILURES as error:
        mqtt_metrics.count("publish_failed")
        log.warning("broker: device %s not put: %s", device_id, error)
        return False
    Device.objects.filter(pk=device.pk, token_hash=digest(token)).update(
        broker_token_hash=digest(token))
    return True


def _remove(device_id: int) -> bool:
    settings = broker.configured()
    if settings is None:
        return False
    try:
        with dynsec.Control(settings) as control:
            control.delete_device(device_id)
    except FAILURES as error:
        log.warning("broker: device %s not removed: %s", device_id, error)
        return False
    Device.objects.filter(pk=device_id).update(broker_token_hash="")
    return True


def token_issued(device: Device, token: str) -> None:
    transaction.on_commit(lambda: _put(device.pk, token))


def revoked(device: Device) -> None:
    transaction.on_commit(lambda: _remove(device.pk))


def unit_changed(device: Device) -> None:
    """The device moved: its emergency roles follow after the commit."""
    def apply() -> None:
        settings = broker.configured()
        if settings is None:
            return
        try:
            with dynsec.Control(settings) as control:
                _fix_roles(control, device, control.clients().get(str(device.pk)))
        except FAILURES as error:
            log.warning("broker: roles of device %s not changed: %s", device.pk, error)
    transaction.on_commit(apply)


def ensure(device: Device, token: str) -> bool:
    """Put the device's client back if the broker does not hold this token."""
    if device.broker_token_hash == device.token_hash:
        return True
    return _put(device.pk, token)


def _fix_roles(control: dynsec.Control, device: Device, held: list[str] | None) -> bool:
    if held is None:
        return False
    units = emergency.unit_ids_above(Device.objects.select_related("unit").get(pk=device.pk).unit)
    wanted = {dynsec.unit_role(u) for u in units}
    if {r for r in held if r.startswith("tcs-unit-")} == wanted:
        return False
    control.set_device_units(device.pk, units, held)
    return True


def reconcile(control: dynsec.Control) -> dict[str, Any]:
    """Make the broker's device clients match the database (see the module doc)."""
    clients = control.clients()
    result = {"removed": 0, "lost": 0, "roles": 0}
    known = set()
    for device in Device.objects.select_related("unit").order_by("pk"):
        name = dynsec.device_username(device.pk)
        known.add(name)
        allowed = bool(device.token_hash) and device.revoked_at is None
        if name in clients:
            if not allowed or device.broker_token_hash != device.token_hash:
                control.delete_device(device.pk)
                Device.objects.filter(pk=device.pk).update(broker_token_hash="")
                result["removed"] += 1
            elif _fix_roles(control, device, clients[name]):
                result["roles"] += 1
        elif device.broker_token_hash:
            Device.objects.filter(pk=device.pk).update(broker_token_hash="")
            result["lost"] += 1
    for name in clients:
        if name.isdigit() and name not in known:
            control.delete_device(int(name))
            result["removed"] += 1
    return result
