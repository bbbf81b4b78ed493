"""What keeps a heartbeat cheap in the uplink worker (bench/mqtt.py measures it): the
MQTT link reads every packet already received after one ``select()``, and the
heartbeat writer keeps its database connection between batches. Real Mosquitto,
real database."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db.backends.signals import connection_created

from tincoso.broadcast.devices import credentials, mqtt_link, uplink
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.testing import DeviceLink
from tincoso.broadcast.devices.uplink_worker import HeartbeatBuffer


def _until(check: Any, link: Any = None, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        if link is not None:
            link.loop(timeout=0.1)
        else:
            time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_one_loop_turn_takes_every_message_already_received(
        mqtt: BrokerSettings, device: Device) -> None:
    topic = f"tcs/up/{device.pk}/heartbeat"
    sender = DeviceLink(mqtt, device.pk, credentials.issue_token(device)).connect()
    got: list[bytes] = []
    link = mqtt_link.client(mqtt, "test-reads", mqtt.admin_username, mqtt.admin_password)
    link.on_message = lambda _c, _u, message: got.append(message.payload)
    link.connect(mqtt.host, mqtt.port)
    try:
        _until(link.is_connected, link)
        subscribed = threading.Event()
        link.on_subscribe = lambda *_args: subscribed.set()
        link.subscribe(topic, qos=0)
        _until(subscribed.is_set, link)
        for i in range(20):
            sender.link.publish(topic, str(i).encode(), qos=0).wait_for_publish(5)
        time.sleep(0.5)  # all of them in the link's socket
        link.loop(timeout=1)
    finally:
        sender.close()
        link.disconnect()
    assert got == [str(i).encode() for i in range(20)]  # paho's own loop: 1


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_writer_keeps_one_connection_for_its_batches(device: Device) -> None:
    Device.objects.filter(pk=device.pk).update(token_hash="enrolled")
    made: list[str] = []

    def created(**_kwargs: Any) -> None:
        made.append(threading.current_thread().name)

    connection_created.connect(created)
    buffer = HeartbeatBuffer(every=0.05)
    buffer.start()
    try:
        for volume in (41, 42, 43):
            buffer.add(device.pk, uplink.heartbeat_values({"volume": volume}, lambda: None))
            _until(lambda v=volume: Device.objects.get(pk=device.pk).volume == v)
    finally:
        buffer.stop()
        connection_created.disconnect(created)
    assert made.count("heartbeats") == 1  # not one a batch
