"""The uplink worker against a real Mosquitto: a paho client acting as the device
publishes, the worker writes to the database (a transactional database: the worker
writes from paho's thread)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import commands, credentials, dynsec, emergency, mqtt_metrics
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device, ProofOfPlay
from tincoso.broadcast.devices.mqtt_link import BrokerUnavailableError
from tincoso.broadcast.devices.push_models import Command, EmergencyAck
from tincoso.broadcast.devices.testing import DeviceLink
from tincoso.broadcast.devices.uplink_worker import UplinkWorker
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("not within the time allowed")


@pytest.fixture
def worker(mqtt: BrokerSettings) -> Iterator[UplinkWorker]:
    running = UplinkWorker(mqtt, f"test-uplink-{uuid.uuid4().hex[:8]}")
    running.start()
    wait_for(running.connected_again.is_set)
    time.sleep(0.2)  # the SUBACK
    yield running
    running.stop(forget_session=True)


@pytest.fixture
def linked(device: Device, mqtt: BrokerSettings) -> Iterator[tuple[Device, DeviceLink]]:
    token = credentials.issue_token(device)  # autocommit: the broker has it now
    link = DeviceLink(mqtt, device.pk, token).connect()
    yield device, link
    link.close()


def _count(kind: str) -> int:
    mqtt_metrics.flush()
    return mqtt_metrics.totals()[kind]


def test_heartbeats_and_plays_over_mqtt_land_once(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink], scheduled: Bulletin) -> None:
    device, link = linked
    link.publish(f"tcs/up/{device.pk}/heartbeat", {
        "volume": 55, "free_disk_mb": 900, "firmware": "tcsd 2.0", "faults": ["disk-low"],
        "power": "on", "sent_at": "2030-03-03T22:00:01+00:00",
        "playing": {"play_id": "p-0", "bulletin_id": scheduled.pk}})
    wait_for(lambda: Device.objects.get(pk=device.pk).volume == 55)
    seen = Device.objects.get(pk=device.pk)
    assert (seen.firmware, seen.faults, seen.power, seen.free_disk_mb) == (
        "tcsd 2.0", ["disk-low"], "on", 900)
    assert (seen.playing_bulletin_id, seen.playing_play_id) == (scheduled.pk, "p-0")
    assert seen.last_seen is not None and seen.clock_skew_ms == 1000
    play = {"play_id": "p-1", "bulletin_id": scheduled.pk, "status": "completed",
            "started_at": "2030-03-03T21:00:00Z", "ended_at": "2030-03-03T21:02:00Z"}
    for _ in range(2):
        link.publish(f"tcs/up/{device.pk}/plays", {"plays": [play]})
    link.publish(f"tcs/up/{device.pk}/heartbeat", {"volume": 56})
    wait_for(lambda: Device.objects.get(pk=device.pk).volume == 56)
    assert list(ProofOfPlay.objects.values_list("play_id", "bulletin_id")) == [
        ("p-1", scheduled.pk)]


def test_status_online_then_the_last_will_marks_the_device_offline(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink]) -> None:
    device, link = linked
    link.publish(f"tcs/up/{device.pk}/status", {"online": True, "firmware": "tcsd 1.2"},
                 retain=True)
    wait_for(lambda: Device.objects.get(pk=device.pk).mqtt_online is True)
    assert Device.objects.get(pk=device.pk).firmware == "tcsd 1.2"
    link.link.loop_stop()
    sock = link.link.socket()
    assert sock is not None
    sock.close()  # the connection drops without DISCONNECT: the will fires
    wait_for(lambda: Device.objects.get(pk=device.pk).mqtt_online is False)


def test_command_and_emergency_acknowledgements_are_stored(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink], tree: dict[str, Unit],
        commune_officer: Any) -> None:
    device, link = linked
    row = commands.send(commune_officer, device, "restart")
    link.publish(f"tcs/up/{device.pk}/ack", {"id": str(row.message_id), "status": "done",
                                            "at": "2030-03-03T22:00:03Z", "detail": ""})
    wait_for(lambda: Command.objects.get(pk=row.pk).ack_status == "done")
    alert = emergency.start(None, tree["province"], "Bão số 3")  # from above (the system)
    for status in ("started", "started", "ended"):
        link.publish(f"tcs/up/{device.pk}/ack", {
            "id": str(alert.message_id), "emergency_id": alert.public_id,
            "status": status, "at": "2030-03-03T22:00:04Z"})
    wait_for(lambda: EmergencyAck.objects.filter(status="ended").exists())
    assert EmergencyAck.objects.filter(device=device).count() == 2
    assert emergency.reach(alert)["started"] == 1


def test_bad_payloads_and_floods_are_dropped_counted_and_change_nothing(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink],
        monkeypatch: pytest.MonkeyPatch) -> None:
    device, link = linked
    bad_before = _count("bad_payload")
    for payload in (b"not json", b"[1]", {"volume": 500}, {"plays": "x"},
                    {"id": "nope", "status": "done"}):
        kind = "plays" if isinstance(payload, dict) and "plays" in payload else "heartbeat"
        if isinstance(payload, dict) and "id" in payload:
            kind = "ack"
        link.publish(f"tcs/up/{device.pk}/{kind}", payload)
    link.publish(f"tcs/up/{device.pk}/heartbeat", {"volume": 9})
    wait_for(lambda: Device.objects.get(pk=device.pk).volume == 9)
    assert _count("bad_payload") - bad_before == 5
    assert not ProofOfPlay.objects.exists()
    worker.limit.per_minute = worker.limit.seen.get(device.pk, 0) + 2
    limited_before = _count("rate_limited")
    for volume in (10, 11, 12, 13):
        link.publish(f"tcs/up/{device.pk}/heartbeat", {"volume": volume})
    wait_for(lambda: _count("rate_limited") - limited_before == 2)
    wait_for(lambda: Device.objects.get(pk=device.pk).volume == 11)  # the batch is written
    time.sleep(1.5)  # and no later one moves it
    assert Device.objects.get(pk=device.pk).volume == 11


def test_a_device_cannot_publish_on_another_devices_uplink(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink], other_device: Device,
        mqtt: BrokerSettings) -> None:
    device, link = linked
    credentials.issue_token(other_device)
    link.publish(f"tcs/up/{other_device.pk}/heartbeat", {"volume": 1})
    link.publish(f"tcs/up/{other_device.pk}/status", {"online": True})
    link.publish(f"tcs/up/{device.pk}/heartbeat", {"volume": 2})
    wait_for(lambda: Device.objects.get(pk=device.pk).volume == 2)
    other = Device.objects.get(pk=other_device.pk)
    assert other.volume is None and other.mqtt_online is None


def test_the_worker_republishes_desired_states_and_reconciles_the_broker(
        worker: UplinkWorker, linked: tuple[Device, DeviceLink], other_device: Device,
        mqtt: BrokerSettings) -> None:
    device, link = linked
    worker.republish()
    topic = f"tcs/d/{device.pk}/desired"
    link.subscribe(topic)
    assert link.expect_msg(topic)["to"] == {"device": device.pk}
    # A client the database does not allow (revoked while the broker was away).
    with dynsec.Control(mqtt) as control:
        control.put_device(other_device.pk, "stale-token", [])
    assert worker.reconcile()["removed"] >= 1  # and whatever earlier tests left
    with pytest.raises(BrokerUnavailableError):
        DeviceLink(mqtt, other_device.pk, "stale-token").connect()
    with dynsec.Control(mqtt) as control:
        assert set(control.clients()) == {mqtt.admin_username, str(device.pk)}
    assert not link.disconnected.is_set()  # the allowed device was left alone
