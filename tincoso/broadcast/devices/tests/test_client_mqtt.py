"""The reference device client over MQTT against a real Mosquitto (the LocalBroker):
an emergency preempts what plays, is acknowledged, then the schedule resumes; commands
are acknowledged, the desired state applied, and a forged message ignored."""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import threading
import time
from typing import Any
from unittest.mock import ANY

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tincoso_device.device import Device
from tincoso_device.enrol import enrol
from tincoso_device.mqtt import MqttLink
from tincoso_device.player import RecordingPlayer
from tincoso_device.store import Store

from tincoso.broadcast.devices import (
    commands,
    desired,
    emergency,
    mqtt_link,
    mqtt_publish,
    signing,
)
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device as DeviceRow
from tincoso.broadcast.devices.models import ProofOfPlay
from tincoso.broadcast.devices.tests.client_support import (
    ProvinceServer,
    enrolment_url,
    province_server,
    schedule_in,
    wait_for,
)
from tincoso.broadcast.stations.models import Station
from tincoso.units.models import Unit

__all__ = ["province_server"]


def _config(mqtt: BrokerSettings, device: DeviceRow) -> dict[str, Any]:
    """What ``GET /api/device/v1/mqtt`` describes (§9.1)."""
    units = emergency.unit_ids_above(device.unit)
    return {"url": mqtt.url, "username": str(device.pk), "client_id": f"tcsd-{device.pk}",
            "ca_pem": mqtt.ca_pem(),
            "subscriptions": [f"tcs/d/{device.pk}/#", *(f"tcs/u/{u}/emergency" for u in units)]}


class Watcher:
    """The server's side of the uplink, as an admin client sees it."""

    def __init__(self, mqtt: BrokerSettings, device_id: int) -> None:
        self.messages: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.link = mqtt_link.admin(mqtt, f"tcs-test-watch-{device_id}")
        self.link.on_message = lambda _c, _u, m: self.messages.put(
            (m.topic, json.loads(m.payload))) if m.payload else None
        ready = threading.Event()
        self.link.on_subscribe = lambda *_a: ready.set()
        self.link.subscribe(f"tcs/up/{device_id}/#", qos=1)
        ready.wait(5)

    def next_on(self, leaf: str, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            topic, body = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if topic.endswith("/" + leaf):
                return body

    def close(self) -> None:
        self.link.disconnect()
        self.link.loop_stop()


def test_an_emergency_preempts_the_play_is_acknowledged_and_the_schedule_resumes(
        mqtt: BrokerSettings, province_server: ProvinceServer, device: DeviceRow,
        station: Station, make_bulletin: Any, tree: dict[str, Unit], commune_officer: Any,
        tmp_path: Any) -> None:
    long_one = make_bulletin(station.unit, seconds=20)
    after = make_bulletin(station.unit, seconds=1)
    alarm = make_bulletin(station.unit, seconds=1, title="Cảnh báo lũ quét")
    schedule_in(station, long_one, 8)
    after_start = schedule_in(station, after, 31)
    box = Store(tmp_path / "box")
    enrol(box, "", enrolment_url(province_server.url, device))
    player = RecordingPlayer()
    # Heartbeats at the protocol's pace: the broker's uplink limit (30/min) counts them.
    client = Device(box, player, poll_s=0.5, heartbeat_s=60.0, proofs_s=0.5)
    link = MqttLink.from_server(client)  # GET /api/device/v1/mqtt
    assert link is not None
    assert link.config == _config(mqtt, DeviceRow.objects.get(pk=device.pk))
    watcher = Watcher(mqtt, device.pk)
    link.start()
    threading.Thread(target=client.run, daemon=True).start()
    try:
        assert watcher.next_on("status")["online"] is True
        # The long bulletin plays; its 20 s are not over when the alarm comes.
        wait_for(lambda: player.log and player.running(), timeout=15, why=lambda: (
            client.conductor.manifest, player.log, client.faults))
        row = emergency.start(commune_officer, tree["commune"], "Cảnh báo lũ quét",
                              "Sơ tán ngay", bulletin=alarm, minutes=5, repeat_every_s=0)
        started = watcher.next_on("ack")
        assert (started["status"], started["emergency_id"]) == ("started", row.public_id)
        assert started["id"] == str(row.message_id)
        assert watcher.next_on("ack")["status"] == "ended"
        wait_for(lambda: len(player.log) >= 3, timeout=30)
        wait_for(lambda: ProofOfPlay.objects.filter(device=device).count() == 3, timeout=20,
                 why=lambda: (
            list(ProofOfPlay.objects.values_list("play_id", "status")),
            [p.read_text() for p in (box.root / "proofs-rejected").glob("*")]))
    finally:
        link.stop()
        client.stop()
        watcher.close()
    first, alarm_play, resumed = player.log[:3]
    assert first.stopped is not None and first.stopped < alarm_play.started
    assert first.stopped - first.started < 15  # cut short by the alarm
    assert alarm_play.path.name == alarm_play.bytes_sha  # the verified file, by its hash
    assert after_start.timestamp() <= resumed.started < after_start.timestamp() + 1.5
    statuses = dict(ProofOfPlay.objects.filter(device=device).values_list("play_id", "status"))
    assert statuses[str(row.message_id)] == "completed"
    assert sorted(statuses.values()) == ["completed", "completed", "interrupted"]


def test_commands_are_acked_the_desired_state_applied_and_a_forged_message_ignored(
        mqtt: BrokerSettings, province_server: ProvinceServer, device: DeviceRow,
        station: Station, make_bulletin: Any, commune_officer: Any, tmp_path: Any) -> None:
    now_please = make_bulletin(station.unit, seconds=1, title="Thông báo khẩn")
    box = Store(tmp_path / "box")
    enrol(box, "", enrolment_url(province_server.url, device))
    player = RecordingPlayer()
    client = Device(box, player, poll_s=0.5, heartbeat_s=60.0, proofs_s=0.5)
    link = MqttLink.from_server(client)
    assert link is not None
    watcher = Watcher(mqtt, device.pk)
    link.start()
    threading.Thread(target=client.run, daemon=True).start()
    row = DeviceRow.objects.get(pk=device.pk)
    try:
        assert watcher.next_on("status")["online"] is True
        volume = commands.send(commune_officer, row, "volume", {"volume": 30})
        assert watcher.next_on("ack") == {"id": str(volume.message_id), "status": "done",
                                          "at": ANY, "detail": ""}
        assert client.conductor.volume == 30
        desired.set_state(DeviceRow.objects.get(pk=device.pk), mode="silent")
        wait_for(lambda: client.conductor.mode == "silent")
        play = commands.send(commune_officer, row, "play_now", {"bulletin_id": now_please.pk})
        assert [watcher.next_on("ack")["status"] for _ in range(2)] == ["started", "done"]
        wait_for(lambda: ProofOfPlay.objects.filter(play_id=str(play.message_id)).exists())
        # A command signed with another key: ignored, reported, never acked.
        forged = mqtt_publish.message("command", {"device": device.pk},
                                      None, command="volume", args={"volume": 100})
        text = json.dumps(forged, sort_keys=True, separators=(",", ":"))
        other = Ed25519PrivateKey.generate()
        admin = mqtt_link.admin(mqtt, "tcs-test-forger")
        admin.publish(f"tcs/d/{device.pk}/cmd", json.dumps({
            "key_id": signing.key_id(), "msg": text,
            "sig": base64.b64encode(other.sign(text.encode())).decode()}), qos=1
        ).wait_for_publish(5)
        admin.disconnect()
        admin.loop_stop()
        wait_for(lambda: "message-bad-signature" in client.faults)
    finally:
        link.stop()
        client.stop()
        watcher.close()
    assert client.conductor.volume == 30
    assert player.log[0].bytes_sha == hashlib.sha256(now_please.audio.read()).hexdigest()
    assert ProofOfPlay.objects.get(play_id=str(play.message_id)).status == "completed"
