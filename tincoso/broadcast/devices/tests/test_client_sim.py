"""The device simulator against the real broker: devices connect with their real
credentials, say they are online, and ack an emergency the moment it arrives."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from typing import Any

import pytest
from tincoso_device.keys import TrustedKeys
from tincoso_device.sim.fleet import Credential, Fleet

from tincoso.broadcast.devices import credentials, emergency, services, signing
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.tests.test_client_mqtt import Watcher
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db


def test_simulated_devices_connect_with_their_tokens_and_ack_an_emergency_on_receipt(
        mqtt: BrokerSettings, tree: dict[str, Unit], commune_officer: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    commune = tree["commune"]
    creds = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            device = services.save_device(None, commune, services.DeviceData(
                name=f"Loa {n}", kind=Device.Kind.LOUDSPEAKER))
            creds.append((device.pk, credentials.issue_token(device)))
    units = emergency.unit_ids_above(commune)
    keys = TrustedKeys([base64.b64encode(signing.public_key_raw()).decode()])
    fleet = Fleet(mqtt.url, mqtt.ca_pem(), [
        Credential(pk, token, [f"tcs/d/{pk}/#", *(f"tcs/u/{u}/emergency" for u in units)])
        for pk, token in creds] + [Credential(creds[0][0], "tcsd_wrong", [])], keys)
    watcher = Watcher(mqtt, creds[1][0])

    loop = asyncio.new_event_loop()  # the fleet's loop; Django stays in this thread
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(fleet.connect_all(), loop).result(60)
        with django_capture_on_commit_callbacks(execute=True):
            row = emergency.start(commune_officer, commune, "Cảnh báo lũ quét",
                                  minutes=5, repeat_every_s=0)
        msg_id = str(row.message_id)
        deadline = time.monotonic() + 20
        while len(fleet.acked.get(msg_id, {})) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert watcher.next_on("status")["online"] is True
        ack = watcher.next_on("ack")
        asyncio.run_coroutine_threadsafe(fleet.close(), loop).result(30)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        watcher.close()
    assert set(fleet.received[msg_id]) == {pk for pk, _ in creds}
    assert set(fleet.acked[msg_id]) == {pk for pk, _ in creds}
    assert (ack["id"], ack["status"]) == (msg_id, "started")
    assert len(fleet.failed) == 1 and fleet.refused == 0  # the wrong token was refused


def test_a_fleet_dealt_over_two_processes_checks_signatures_and_acks_in_each(
        mqtt: BrokerSettings, tree: dict[str, Unit], commune_officer: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from tincoso_device.sim.processes import FleetProcesses

    commune = tree["commune"]
    creds = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            device = services.save_device(None, commune, services.DeviceData(
                name=f"Loa {n}", kind=Device.Kind.LOUDSPEAKER))
            creds.append((device.pk, credentials.issue_token(device)))
    units = emergency.unit_ids_above(commune)
    subscriptions = [f"tcs/u/{u}/emergency" for u in units]
    fleet = FleetProcesses(mqtt.url, mqtt.ca_pem(), [
        Credential(pk, token, [f"tcs/d/{pk}/#", *subscriptions]) for pk, token in creds]
        + [Credential(creds[0][0], "tcsd_wrong", [])],
        [base64.b64encode(signing.public_key_raw()).decode()], processes=2)
    try:
        fleet.start()
        with django_capture_on_commit_callbacks(execute=True):
            row = emergency.start(commune_officer, commune, "Cảnh báo lũ quét",
                                  minutes=5, repeat_every_s=0)
        msg_id = str(row.message_id)
        deadline = time.monotonic() + 20
        while fleet.acked_count(msg_id) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        received, acked, refused, _beats = fleet.report()
    finally:
        fleet.close()
    assert len(fleet._children) == 0 and fleet.connected == 4
    assert set(received[msg_id]) == set(acked[msg_id]) == {pk for pk, _ in creds}
    assert len(fleet.failed) == 1 and refused == 0  # the wrong token was refused


def test_a_fleet_whose_devices_trust_another_key_refuses_the_emergency(
        mqtt: BrokerSettings, tree: dict[str, Unit], commune_officer: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from tincoso_device.sim.processes import FleetProcesses

    commune = tree["commune"]
    with django_capture_on_commit_callbacks(execute=True):
        device = services.save_device(None, commune, services.DeviceData(
            name="Loa", kind=Device.Kind.LOUDSPEAKER))
        token = credentials.issue_token(device)
    units = emergency.unit_ids_above(commune)
    other_key = base64.b64encode(bytes(range(32))).decode()
    fleet = FleetProcesses(mqtt.url, mqtt.ca_pem(), [Credential(
        device.pk, token, [f"tcs/u/{u}/emergency" for u in units])], [other_key], processes=2)
    try:
        fleet.start()
        with django_capture_on_commit_callbacks(execute=True):
            emergency.start(commune_officer, commune, "Cảnh báo lũ quét", minutes=5,
                            repeat_every_s=0)
        deadline = time.monotonic() + 10
        while fleet.report()[2] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        received, acked, refused, _beats = fleet.report()
    finally:
        fleet.close()
    assert (received, acked, refused) == ({}, {}, 1)  # one process: one device only
