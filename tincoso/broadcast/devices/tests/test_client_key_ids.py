"""Heartbeats report the signing keys a device trusts (docs/device-protocol.md §2.1, §6):
the reference client over a real Mosquitto, the uplink worker of ``tincoso serve``
storing them, and what officers see during a rotation (``tincoso device-keys status``,
the device list and page)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from tincoso_device.device import Device
from tincoso_device.enrol import enrol
from tincoso_device.mqtt import MqttLink
from tincoso_device.player import RecordingPlayer
from tincoso_device.store import Store

from tincoso.broadcast.devices import credentials, key_ring, services, signing
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device as DeviceRow
from tincoso.broadcast.devices.tests.client_support import (
    ProvinceServer,
    enrolment_url,
    province_server,
    wait_for,
)
from tincoso.units.models import Unit

__all__ = ["province_server"]


@pytest.fixture
def next_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Step 1 of a rotation, set before the server starts (it reads the environment)."""
    key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY", key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode())
    return key_ring.key_id_of(key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def _status() -> list[str]:
    out = io.StringIO()
    call_command("device_keys", "status", stdout=out)
    return out.getvalue().splitlines()


def test_heartbeats_report_the_keys_and_the_rotation_counts_who_lacks_the_next_one(
        next_key: str, mqtt: BrokerSettings, province_server: ProvinceServer,
        device: DeviceRow, tree: dict[str, Unit], commune_officer: Any, client: Any,
        tmp_path: Any) -> None:
    silent = services.save_device(None, tree["commune"], services.DeviceData(
        name="Loa chưa nâng cấp", kind=DeviceRow.Kind.LOUDSPEAKER))
    credentials.issue_token(silent)  # enrolled, never heard from
    box = Store(tmp_path / "box")
    enrol(box, "", enrolment_url(province_server.url, device))
    assert _status()[-1] == (f"next {next_key}: known by 0 of 2 enrolled devices; "
                             "2 not yet (2 never reported their keys)")
    player = RecordingPlayer()
    device_client = Device(box, player, poll_s=60.0, heartbeat_s=1.0)
    assert device_client.sync_manifest()  # the manifest announces the next key
    assert device_client.keys.ids() == sorted([signing.key_id(), next_key])
    link = MqttLink.from_server(device_client)
    assert link is not None
    link.start()
    try:
        wait_for(lambda: DeviceRow.objects.get(pk=device.pk).reported_key_ids,
                 why=lambda: DeviceRow.objects.values_list("pk", "reported_key_ids"))
    finally:
        link.stop()
    assert DeviceRow.objects.get(pk=device.pk).reported_key_ids == ",".join(
        sorted([signing.key_id(), next_key]))
    assert _status()[-1] == (f"next {next_key}: known by 1 of 2 enrolled devices; "
                             "1 not yet (1 never reported their keys)")

    client.force_login(commune_officer)
    listing = client.get("/app/broadcast/devices/").content.decode()
    assert "1 thiết bị chưa báo đã biết khóa mới" in listing and next_key in listing
    lacking = client.get("/app/broadcast/devices/?status=missing-key").content.decode()
    assert "Loa chưa nâng cấp" in lacking and "Loa Nà Khum 1" not in lacking
    page = client.get(f"/app/broadcast/devices/{device.pk}/").content.decode()
    assert "đã biết khóa mới" in page and signing.key_id() in page
    other = client.get(f"/app/broadcast/devices/{silent.pk}/").content.decode()
    assert f"chưa biết khóa mới {next_key}" in other
